/// The `p`-th quantile (0…1) of sorted samples by the nearest-rank rule; 0 for no samples. One rule for every
/// latency the benchmarks print.
func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
}

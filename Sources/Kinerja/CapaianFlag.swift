/// Notes on how a computed capaian came about, for footnotes and findings.
public enum CapaianFlag: String, Sendable, Codable, CaseIterable {
    /// The formula gave a negative number; it was raised to 0.
    case flooredAtZero = "floored_at_zero"
    /// Realisasi lay inside the target range, so capaian is 100.
    case withinRange = "within_range"
    /// Realisasi lay above the target range; the upper bound was used as target.
    case usedUpperBound = "used_upper_bound"
    /// Realisasi lay below the target range; the lower bound was used as target.
    case usedLowerBound = "used_lower_bound"
}

import Foundation

/// Figures about this process that the benchmarks report.
public enum ProcessStats {
    /// Peak resident memory (VmHWM from /proc/self/status) in MiB, like every peak memory Kinerja reports; 0 where
    /// there is no /proc.
    public static func peakRSSMB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return 0 }
        let kb = Double(line.split(whereSeparator: \.isWhitespace).dropFirst().first ?? "0") ?? 0
        return kb / 1024
    }
}

import Foundation
import Spreadsheet

/// `kinerja bench read FILE`: reads a CSV or XLSX file with the streaming readers and measures rows per second and
/// the process's peak memory, so memory can be checked apart from the database and from other work.
public enum ReadBenchmark {
    public struct Result: Encodable, Sendable {
        public let rows: Int
        public let rowsPerS: Double
        /// MiB, like every peak memory Kinerja reports.
        public let peakRSSMB: Double
        /// The file's size in MB (10⁶ bytes), as `ls` and the README give it.
        public let fileMB: Double

        enum CodingKeys: String, CodingKey {
            case rows
            case rowsPerS = "rows_per_s"
            case peakRSSMB = "peak_rss_mb"
            case fileMB = "file_mb"
        }
    }

    public static func run(file: String, sheet: String?) throws -> Result {
        let start = Date()
        var reader = try SpreadsheetFile.open(path: file, sheet: sheet)
        var rows = 0
        while try reader.next() != nil { rows += 1 }
        let seconds = Date().timeIntervalSince(start)
        let size = (try FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.doubleValue ?? 0
        return Result(
            rows: rows, rowsPerS: Double(rows) / max(seconds, 1e-9), peakRSSMB: ProcessStats.peakRSSMB(),
            fileMB: size / 1_000_000)
    }
}

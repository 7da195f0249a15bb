import ArgumentParser
import Foundation
import Handlers
import Spreadsheet

/// `kinerja bench read FILE`: reads a CSV or XLSX file with the streaming readers and prints rows per second and
/// the process's peak memory, so memory can be checked apart from the database and from other work.
struct ReadBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read", abstract: "Read a CSV or XLSX file with the streaming readers: rows/s and peak memory.")

    @Argument(help: "The CSV or XLSX file.") var file: String
    @Option(help: "XLSX sheet name.") var sheet: String?
    @Flag(help: "One JSON document.") var json = false

    struct Result: Encodable {
        let rows: Int
        let rowsPerS: Double
        /// MiB, like every peak memory Kinerja reports.
        let peakRSSMB: Double
        /// The file's size in MB (10⁶ bytes), as `ls` and the README give it.
        let fileMB: Double

        enum CodingKeys: String, CodingKey {
            case rows
            case rowsPerS = "rows_per_s"
            case peakRSSMB = "peak_rss_mb"
            case fileMB = "file_mb"
        }
    }

    func run() throws {
        let start = Date()
        var reader = try SpreadsheetFile.open(path: file, sheet: sheet)
        var rows = 0
        while try reader.next() != nil { rows += 1 }
        let seconds = Date().timeIntervalSince(start)
        let size = (try FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.doubleValue ?? 0
        let result = Result(
            rows: rows, rowsPerS: Double(rows) / max(seconds, 1e-9), peakRSSMB: ImportBenchmark.peakRSSMB(),
            fileMB: size / 1_000_000)
        if json { return try Terminal.json(result) }
        print(
            String(
                format: "%d rows: %.0f rows/s, peak memory %.0f MB for a %.0f MB file", rows, result.rowsPerS,
                result.peakRSSMB, result.fileMB))
    }
}

import ArgumentParser
import Foundation
import KinerjaBench

/// `kinerja bench read FILE`: rows per second and peak memory of the streaming readers alone.
struct ReadBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read", abstract: "Read a CSV or XLSX file with the streaming readers: rows/s and peak memory.")

    @Argument(help: "The CSV or XLSX file.") var file: String
    @Option(help: "XLSX sheet name.") var sheet: String?
    @Flag(help: "One JSON document.") var json = false

    func run() throws {
        let result = try ReadBenchmark.run(file: file, sheet: sheet)
        if json { return try Terminal.json(result) }
        print(
            String(
                format: "%d rows: %.0f rows/s, peak memory %.0f MB for a %.0f MB file", result.rows, result.rowsPerS,
                result.peakRSSMB, result.fileMB))
    }
}

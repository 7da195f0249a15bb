import ArgumentParser
import Foundation
import KinerjaBench

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "The shipped benchmarks (docs/contracts/benchmark-json.md); run the references on the same server.",
        subcommands: [QueueBench.self, ImportBench.self, RecomputeBench.self, ReadBench.self])
}

struct RecomputeBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recompute", abstract: "recompute_capaian over a synthetic data set (deleted afterwards).")

    @Option(help: "OPDs.") var opds: Int = 500
    @Option(help: "Indicators per OPD.") var indicators: Int = 20
    @Option(help: "Years.") var years: Int = 5
    @Option(name: .customLong("budget-lines"), help: "Budget lines in the last year.") var budgetLines: Int = 1_000_000
    @Flag(help: "One JSON document.") var json = false
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let result = try RecomputeBenchmark.run(
            opds: opds, indicators: indicators, years: years, budgetLines: budgetLines,
            conninfo: try database.conninfo())
        if json { return try Terminal.json(result) }
        print(
            String(
                format: "recompute, %d OPDs × %d indicators × %d years + %d budget lines: %.2f s",
                opds, indicators, years, budgetLines, result.recomputeSeconds))
        print(String(format: "  of which the year with the budget: %.2f s", result.budgetYearSeconds))
        print(
            String(
                format: "second run on unchanged data: %.2f s, %d rows changed", result.secondRunSeconds,
                result.secondRunRowsChanged))
    }
}

struct ImportBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a generated SIPD-style budget export; rows per second and peak memory of the whole import.",
        discussion: """
            Compare with a psql \\copy of the same file into a staging table (the reference rate): --generate FILE \
            writes the export and exits (XLSX when FILE ends in .xlsx); --file FILE imports it.
            """)

    @Option(help: "Rows in the generated export.") var rows: Int = 1_000_000
    @Option(help: "OPDs in the generated export (more than 1: a whole-government export, a JUMLAH row per OPD).")
    var opds: Int = 1
    @Flag(help: "With --generate FILE.xlsx: amounts as text cells (default: numeric cells).") var textAmounts = false
    @Option(help: "Use this export instead of generating one.") var file: String?
    @Option(help: "Only write a generated export of --rows rows to this file.") var generate: String?
    @Flag(help: "One JSON document.") var json = false
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        if let generate {
            return try ImportBenchmark.generateSIPD(
                rows: rows, opds: opds, amountsAsText: textAmounts, to: generate)
        }
        let info = try database.conninfo()
        let result =
            try file.map { try ImportBenchmark.run(file: $0, conninfo: info) }
            ?? ImportBenchmark.run(rows: rows, opds: opds, conninfo: info)
        if json { return try Terminal.json(result) }
        print(
            String(
                format: "import of %d rows: %.0f rows/s (%.2f s: upload %.2f s, job %.2f s), peak memory %.0f MB",
                result.rows, result.rowsPerS, result.seconds, result.uploadSeconds, result.jobSeconds,
                result.peakRSSMB))
        if let purge = result.purgeSeconds {
            print(String(format: "then purge_lines deleted the replaced lines in %.2f s", purge))
        }
    }
}

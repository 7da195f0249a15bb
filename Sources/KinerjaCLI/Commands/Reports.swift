import ArgumentParser
import Foundation
import Handlers
import Stores

struct Reports: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reports",
        abstract: "Reports stored by produce_report.", subcommands: [List.self, Get.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Stored reports, newest first.")
        @Option(name: .customLong("opd"), help: "OPD code.") var kodeOPD: String?
        @Option(help: "Year.") var tahun: Int?
        @Option(help: "Government (kode_pemda or name).") var pemda: String?
        @Option(help: "At most this many.") var limit: Int = 50
        @Flag(help: "One JSON document.") var json = false
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let conn = try database.connect()
            let reports = try ReportStore.list(
                kodeOPD: kodeOPD, tahun: tahun, pemdaID: try PemdaOption.resolve(pemda, on: conn), limit: limit,
                on: conn)
            if json { return try Terminal.json(reports) }
            // The government last, so the columns before it stay where scripts read them: its code, else its name.
            let governments = Dictionary(
                uniqueKeysWithValues: try PemdaStore.all(on: conn).map { ($0.id, $0.kode ?? $0.nama) })
            Terminal.table(
                ["ID", "TAHUN", "OPD", "FORMAT", "BYTES", "SHA256", "JOB", "CREATED", "PEMDA"],
                reports.map {
                    [
                        String($0.id), String($0.tahun), $0.kodeOPD ?? "(pemda)", $0.format, String($0.bytes),
                        String($0.sha256.prefix(12)),
                        $0.jobID.map(String.init) ?? "-", Terminal.time($0.createdAt),
                        governments[$0.pemdaID].flatMap { $0.isEmpty ? nil : $0 } ?? "-",
                    ]
                })
        }
    }

    struct Get: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "get", abstract: "A stored report's bytes, to a file or stdout.")
        @Argument(help: "Report id.") var id: Int64
        @Option(help: "Write to this file instead of stdout.") var out: String?
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            guard let (_, data) = try ReportStore.content(id: id, on: try database.connect()) else {
                throw CLIError.usage("no report \(id)")
            }
            if let out {
                try data.write(to: URL(fileURLWithPath: out))
            } else {
                FileHandle.standardOutput.write(data)
            }
        }
    }
}

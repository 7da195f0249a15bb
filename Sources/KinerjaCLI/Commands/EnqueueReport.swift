import ArgumentParser
import Foundation
import Handlers
import JobQueue
import Postgres
import Producers
import Report
import Stores

extension Enqueue {
    struct ProduceReport: ParsableCommand, JobBuilding {
        static let configuration = CommandConfiguration(
            commandName: "produce-report",
            abstract: "Render the LKIP for one OPD and year (html, md, json or csv) and store it in the database.",
            discussion: """
                Without --opd: the government-wide LKIP (the government's own key indicators, IKU, imported with \
                import-kinerja --iku, and every OPD's budget realisation with the total).
                """)

        @Option(help: "Year.") var tahun: Int
        @Option(name: .customLong("opd"), help: "OPD code; the whole government when absent.") var kodeOPD: String?
        @Option(help: "Government (kode_pemda or name); the database's only one when absent.") var pemda: String?
        @Option(help: "Output format.") var format: ReportFormat = .html
        @Option(help: "With --wait: write the report to this file.") var out: String?
        @OptionGroup var options: EnqueueOptions
        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            if let problem = ProduceReportArgs(tahun: tahun, kodeOPD: kodeOPD, format: format).problem {
                throw ValidationError(problem)
            }
            if out != nil && !options.wait { throw ValidationError("--out needs --wait") }
        }

        func buildJob(on conn: Connection) throws -> NewJob {
            let pemdaID = try PemdaOption.resolve(pemda, on: conn)
            return options.apply(
                to: try ProduceReportArgs(tahun: tahun, kodeOPD: kodeOPD, format: format, pemdaID: pemdaID).job())
        }

        func run() throws {
            let conn = try database.connect()
            try options.checkOPD(kodeOPD, pemdaID: try PemdaOption.resolve(pemda, on: conn), on: conn)
            let result = try Producer.submit(try buildJob(on: conn), on: conn)[0]
            try JobWaiter.report(ids: [result.id], existing: result.existing, options: options, conn: conn)
            guard let out else { return }
            guard let reportID = try QueueAdmin.job(result.id, on: conn)?.result?["report_id"],
                case .number(let text) = reportID, let id = Int64(text),
                let (_, data) = try ReportStore.content(id: id, on: conn)
            else { throw CLIError.failure("job \(result.id) completed without a report") }
            try data.write(to: URL(fileURLWithPath: out))
            Terminal.note("wrote \(out)")
        }
    }
}

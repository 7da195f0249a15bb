import Foundation
import JobQueue
import Postgres
import Producers
import Report
import Stores

/// `produce_report`: loads one OPD's (or a whole government's) LKIP for one year, renders it in the asked format and stores it in
/// `kinerja.reports`, in the same transaction that completes the job.
public enum ReportHandler {
    /// Attempt timeout: loading and rendering one OPD-year takes well under a second.
    public static let timeoutSeconds = 600

    /// The job's result document.
    public struct Summary: Codable, Sendable, Equatable {
        public let reportID: Int64
        public let format: String
        public let bytes: Int
        public let sha256: String

        enum CodingKeys: String, CodingKey {
            case format, bytes, sha256
            case reportID = "report_id"
        }
    }

    /// What `kinerja.reports.inputs` holds: the imports the figures came from and when the report was made.
    struct Inputs: Encodable {
        let importIDs: [Int64]
        let generatedAt: String
        let generatedAtText: String

        enum CodingKeys: String, CodingKey {
            case importIDs = "import_ids"
            case generatedAt = "generated_at"
            case generatedAtText = "generated_at_text"
        }
    }

    /// The handler to register. The renderer (which loads and parses the templates) is made by the first report a
    /// process renders, not when it starts (parsing them was 7 % of the CPU a `kinerja worker` spent starting, paid
    /// by every process of a fleet whether it renders or not), and shared by every job and worker thread after; if
    /// the templates are missing each job fails with that error (and retries, since an installation fault can be
    /// fixed).
    public static func makeHandler() -> JobHandler {
        { context in try run(context, renderer: renderer.get()) }
    }

    /// A static stored property is made once, on first use, whichever thread gets there first.
    private static let renderer = Result { try ReportRenderer() }

    static func run(_ context: JobContext, renderer: ReportRenderer) throws -> JSONText? {
        let args = try context.job.decodeArgs(ProduceReportArgs.self)
        if let problem = args.problem { throw PermanentJobError("produce_report: \(problem)") }
        let format = args.format
        // The one clock reading of the run: printed in the report and kept with it.
        let now = Date()
        let conn = context.connection
        // One snapshot for every query, so the tables of one report never mix two imports; read-only, so it
        // takes no locks that writers would wait on.
        let (pemdaID, loaded) = try conn.transaction { tx in
            try tx.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            guard let pemdaID = try args.pemdaID ?? PemdaStore.forJob(kodeOPD: args.kodeOPD, on: tx) else {
                throw PermanentJobError("produce_report: " + (try PemdaStore.whyNone(on: tx)))
            }
            return (
                pemdaID,
                try ReportLoader.load(
                    tahun: args.tahun, kodeOPD: args.kodeOPD, pemdaID: pemdaID, generatedAt: now, on: tx)
            )
        }
        try context.checkCancellation()
        let content = try renderer.render(loaded.report, as: format)
        let inputs = try JSONText(
            encoding: Inputs(
                importIDs: loaded.importIDs, generatedAt: ReportTimestamp.iso(now),
                generatedAtText: loaded.report.generatedAt))
        return try context.completeInTransaction { tx in
            let row = try tx.query(
                SQL(
                    unsafeSQL: """
                        INSERT INTO kinerja.reports (job_id, tahun, kode_opd, format, content, sha256, inputs, pemda_id)
                        VALUES ($1, $2, $3, $4, $5, encode(sha256($5), 'hex'), $6::jsonb, $7)
                        RETURNING id, sha256
                        """,
                    binds: [context.job.id, args.tahun, args.kodeOPD, format.rawValue, content, inputs, pemdaID])
            ).first!
            let summary = Summary(
                reportID: try row.decode(0), format: format.rawValue, bytes: content.count,
                sha256: try row.decode(1))
            let json = try JSONText(encoding: summary)
            return (json, json)
        }
    }
}

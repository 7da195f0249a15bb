import Foundation
import JobQueue
import Postgres

/// Arguments of `purge_lines`: the budget imports whose lines a newer import of the same scope replaced, and
/// that scope (which lets the scope's BRIN index find the lines).
struct PurgeLinesArgs: Codable, Sendable, Equatable {
    var importIDs: [Int64]
    var tahun: Int
    var kodeOPD: String
    var versi: String

    enum CodingKeys: String, CodingKey {
        case importIDs = "import_ids"
        case tahun
        case kodeOPD = "kode_opd"
        case versi
    }

    /// Enqueues the purge in the replacing import's transaction, so it exists exactly when the import commits.
    func enqueue(queue: String?, on tx: Connection) throws {
        var job = NewJob(kind: JobKind.purgeLines, args: try JSONText(encoding: self))
        if let queue { job.queue = queue }
        try Producer.enqueue(job, on: tx)
    }
}

/// The job handler `purge_lines`: deletes the lines of replaced budget imports (already invisible to
/// `v_anggaran_berlaku`), outside the import that replaced them. The import records stay, for the history.
enum PurgeLinesHandler {
    static let delete = """
        DELETE FROM kinerja.anggaran
        WHERE tahun = $1 AND kode_opd = $2 AND versi = $3 AND import_id = ANY($4::bigint[])
        """

    static func run(_ context: JobContext) throws -> JSONText? {
        let args = try context.job.decodeArgs(PurgeLinesArgs.self)
        return try context.completeInTransaction { tx in
            let deleted = try tx.execute(
                SQL(unsafeSQL: delete, binds: [args.tahun, args.kodeOPD, args.versi, args.importIDs]))
            let result = try JSONText(encoding: ["deleted_lines": deleted])
            return (result, result)
        }
    }
}

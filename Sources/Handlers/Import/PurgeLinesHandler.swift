import Foundation
import JobQueue
import Postgres
import Producers

/// Arguments of `purge_lines`: the budget imports whose lines a newer import of the same scope replaced, and the
/// ids an import wrote lines under for a scope whose content had not changed (no import row has them).
struct PurgeLinesArgs: Codable, Sendable, Equatable {
    var importIDs: [Int64]

    enum CodingKeys: String, CodingKey {
        case importIDs = "import_ids"
    }

    /// Enqueues the purge in the replacing import's transaction, so it exists exactly when the import commits:
    /// `purge_lines`, or `purge_reread_lines` for the ids of unchanged scopes' re-read lines.
    func enqueue(kind: String = JobKind.purgeLines, queue: String?, on tx: Connection) throws {
        var job = NewJob(kind: kind, args: try JSONText(encoding: self))
        if let queue { job.queue = queue }
        try Producer.enqueue(job, on: tx)
    }
}

/// The job handlers `purge_lines` and `purge_reread_lines`: delete the lines of replaced budget imports and of
/// unchanged re-reads (invisible to `v_anggaran_berlaku`), outside the import that replaced them. The import
/// records stay, for the history.
///
/// The lines of an import in force are never deleted, whatever ids the arguments name: a job that names the imports
/// in force (a retried old job, a mistaken insert) deletes nothing. Lines whose id has no import row are deleted:
/// every committed line has its import row but those of an unchanged scope (an import in progress writes lines no
/// other transaction sees, and commits them with their row).
enum PurgeLinesHandler {
    /// The lines, then their contexts (which nothing else refers to). $1 the import ids. The ids go in as an array
    /// (not a join) so both deletes keep using the BRIN on import_id.
    static let delete = """
        WITH gone AS (
                 SELECT ARRAY(
                     SELECT given.id FROM unnest($1::bigint[]) AS given(id)
                     WHERE NOT EXISTS (
                         SELECT 1 FROM kinerja.imports i WHERE i.id = given.id AND i.replaced_by IS NULL)) AS ids),
             lines AS (
                 DELETE FROM kinerja.anggaran_baris WHERE import_id = ANY((SELECT ids FROM gone)::bigint[]) RETURNING 1),
             contexts AS (DELETE FROM kinerja.anggaran_konteks WHERE import_id = ANY((SELECT ids FROM gone)::bigint[]))
        SELECT count(*)::int FROM lines
        """

    static func run(_ context: JobContext) throws -> JSONText? {
        let args = try context.job.decodeArgs(PurgeLinesArgs.self)
        return try context.completeInTransaction { tx in
            let deleted = try tx.query(SQL(unsafeSQL: delete, binds: [args.importIDs])).first!.decode(0, as: Int.self)
            let result = try JSONText(encoding: ["deleted_lines": deleted])
            return (result, result)
        }
    }
}

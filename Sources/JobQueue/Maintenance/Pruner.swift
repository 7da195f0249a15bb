import Foundation
import Postgres

/// Deletes finished jobs past their retention, and the rows of worker processes gone for a day.
struct Pruner {
    /// How often the elected process prunes while nothing is left over from its last round.
    static let intervalSeconds = 60.0
    /// How soon it prunes again when a round stopped with jobs past their retention still left: a queue that
    /// completes tens of thousands of jobs a second finishes far more in a minute than one round may delete.
    static let backlogIntervalSeconds = 1.0
    /// Jobs deleted per transaction: short enough that no delete holds its row locks for long.
    static let batch = 10_000
    /// How long one round may delete, batch after batch; the other services wait meanwhile.
    static let roundSeconds = 2.0

    /// Deletes up to $2 jobs that finished more than $1 seconds ago.
    static let prune = """
        DELETE FROM kinerja.jobs WHERE id IN (
            SELECT id FROM kinerja.jobs
            WHERE finished_at < now() - $1::double precision * interval '1 second'
            LIMIT $2)
        """

    /// Deletes batches until one is not full or the round's time is up. Returns the jobs deleted and whether jobs
    /// past their retention may be left.
    static func run(retentionSeconds: Double, on conn: Connection) throws -> (deleted: Int, backlog: Bool) {
        let started = Date()
        var deleted = 0
        var full = true
        while full && Date().timeIntervalSince(started) < roundSeconds {
            let count = try conn.query(SQL(unsafeSQL: prune, binds: [retentionSeconds, batch])).affectedRows
            deleted += count
            full = count == batch
        }
        try conn.query(SQL(unsafeSQL: WorkerRegistry.prune))
        return (deleted, full)
    }
}

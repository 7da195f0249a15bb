import Postgres

/// Deletes finished jobs past their retention, and the rows of worker processes gone for a day.
struct Pruner {
    /// How often the elected process prunes.
    static let intervalSeconds = 60.0
    /// Jobs deleted per round.
    static let batch = 10_000

    /// Deletes up to $2 jobs that finished more than $1 seconds ago.
    static let prune = """
        DELETE FROM kinerja.jobs WHERE id IN (
            SELECT id FROM kinerja.jobs
            WHERE finished_at < now() - $1::double precision * interval '1 second'
            LIMIT $2)
        """

    static func run(retentionSeconds: Double, on conn: Connection) throws {
        try conn.query(SQL(unsafeSQL: prune, binds: [retentionSeconds, batch]))
        try conn.query(SQL(unsafeSQL: WorkerRegistry.prune))
    }
}

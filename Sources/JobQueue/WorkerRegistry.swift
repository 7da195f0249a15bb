import Postgres

/// The live worker processes (`kinerja.workers`, sql/011): each fetcher refreshes its row with every heartbeat, so
/// a row not seen for a while is a worker that died, and a row with no connected thread is a worker that cannot
/// run what it holds.
public enum WorkerRegistry {
    /// $1 owner, $2 queues (NULL for all), $3 kinds, $4 concurrency, $5 threads with a connection.
    static let seen = """
        INSERT INTO kinerja.workers (owner, queues, kinds, concurrency, connected) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (owner) DO UPDATE SET seen_at = now(), queues = excluded.queues, kinds = excluded.kinds,
            concurrency = excluded.concurrency, connected = excluded.connected
        """

    /// $1 owner: a worker that stops says so.
    static let gone = "DELETE FROM kinerja.workers WHERE owner = $1"

    /// Rows of workers gone for a day (killed without saying so).
    static let prune = "DELETE FROM kinerja.workers WHERE seen_at < now() - interval '1 day'"

    /// Worker processes seen within $1 seconds, the roster a wake ticket picks from (`WakeRoster`): their queues
    /// (NULL for every queue) and kinds, separated by spaces (names with spaces get no tickets).
    static let roster = """
        SELECT owner, array_to_string(queues, ' '), array_to_string(kinds, ' ') FROM kinerja.workers
        WHERE seen_at >= now() - $1::double precision * interval '1 second'
        """

    /// A worker not seen for this long is taken for dead.
    public static let aliveSeconds = 30

    /// Whether a live worker serves `queue` and has a handler for `kind`.
    public static func serves(queue: String, kind: String, on conn: Connection) throws -> Bool {
        try conn.query(
            """
            SELECT EXISTS (
                SELECT 1 FROM kinerja.workers
                WHERE seen_at >= now() - \(aliveSeconds) * interval '1 second'
                  AND (queues IS NULL OR \(queue) = ANY (queues)) AND \(kind) = ANY (kinds))
            """
        ).first!.decode(0, as: Bool.self)
    }

    /// A running job whose lease is still fresh but whose worker is not alive, or alive with no thread that can run
    /// it: nothing runs it, and nothing rescues it until the lease runs out. (Jobs past their lease are the
    /// rescuer's, and doctor's "expired leases".)
    public struct Orphan: Sendable, Equatable {
        public let jobID: Int64
        public let owner: String?
        /// False: no live worker row; true: the worker is alive but has no connected thread.
        public let workerAlive: Bool
    }

    /// Running jobs with a fresh lease and no live worker able to run them; reads the partial index of running jobs.
    public static func orphans(on conn: Connection) throws -> [Orphan] {
        try conn.query(
            """
            SELECT j.id, j.lease_owner, w.seen_at >= now() - \(aliveSeconds) * interval '1 second' AS alive
            FROM kinerja.jobs j
            LEFT JOIN kinerja.workers w ON w.owner = j.lease_owner
            WHERE j.state = 'running' AND j.lease_expires_at > now()
              AND (w.owner IS NULL OR w.seen_at < now() - \(aliveSeconds) * interval '1 second' OR w.connected = 0)
            ORDER BY j.id
            """
        ).rows.map {
            Orphan(
                jobID: try $0.decode(0, as: Int64.self), owner: try $0.decode(1, as: String?.self),
                workerAlive: try $0.decode(2, as: Bool?.self) ?? false)
        }
    }
}

import Postgres

/// Returns jobs whose lease ran out (their worker stopped sending heartbeats: killed, hung, or cut off) to the
/// queue as retryable after the retry policy's backoff for the attempt (the attempt stays counted); to `discarded`
/// when attempts are used up; to `cancelled` when an operator asked for that. Reads the partial index of running
/// jobs. The backoff matters for a job that kills its worker (out of memory on a hostile file): due at once, it
/// would take down the next worker at once, and the next.
///
/// That index keeps an entry for every claim an old snapshot has not let vacuum remove, so a look costs more the
/// longer such a snapshot is open. A lease runs out only when its worker stops heartbeating, and a worker's row in
/// `kinerja.workers` is refreshed with every heartbeat: so the rescuer looks every second only while some worker
/// row has been quiet for `quietAfterSeconds` up to `quietForSeconds`, and otherwise every `fullIntervalSeconds`
/// (for jobs no registered worker holds, and leases longer than that window). The window has an end because a
/// killed worker's row stays until the pruner removes it a day later: looks every second for all that day cost
/// 25 ms each once an old snapshot had kept 100 000 claims' index entries.
struct Rescuer {
    /// How often the elected process looks while a worker has gone quiet.
    static let intervalSeconds = 1.0
    /// How often it looks regardless.
    static let fullIntervalSeconds = 5.0
    /// Jobs returned per look.
    static let batch = 1000

    static let rescue = """
        WITH expired AS (
            SELECT id FROM kinerja.jobs
            WHERE state = 'running' AND lease_expires_at < now()
            ORDER BY lease_expires_at
            LIMIT $1
            FOR UPDATE SKIP LOCKED
        )
        UPDATE kinerja.jobs j
        SET state = CASE WHEN j.cancel_requested THEN 'cancelled'
                         WHEN j.attempt >= j.max_attempts THEN 'discarded' ELSE 'retryable' END,
            finished_at = CASE WHEN j.cancel_requested OR j.attempt >= j.max_attempts THEN now() END,
            -- RetryPolicy.delay in SQL: base × 2^(attempt − 1), at most the maximum, spread by ±25 %.
            run_at = now() + make_interval(secs => least($3::float8, $2::float8 * 2 ^ greatest(0, j.attempt - 1))
                                                   * (0.75 + random() * 0.5)),
            lease_token = NULL, lease_expires_at = NULL,
            errors = j.errors || jsonb_build_array(jsonb_build_object(
                'attempt', j.attempt, 'at', now(), 'worker', j.lease_owner,
                'error', 'lease expired: the worker stopped sending heartbeats'))
        FROM expired WHERE j.id = expired.id
        RETURNING j.id
        """

    /// A worker row not refreshed for this long may belong to a worker that stopped: its leases run out soon.
    static let quietAfterSeconds = 2.0
    /// Long enough for a default lease (30 s) to run out after a worker's last heartbeat, with room to spare.
    static let quietForSeconds = 120.0
    /// Whether some worker has been quiet for between `quietAfterSeconds` and `quietForSeconds`. A small table.
    static let quietWorker = """
        SELECT EXISTS (
            SELECT 1 FROM kinerja.workers
            WHERE seen_at < now() - \(quietAfterSeconds) * interval '1 second'
              AND seen_at >= now() - \(quietForSeconds) * interval '1 second'
        )
        """

    /// Returns the number of jobs rescued; `retry` spaces their next attempts.
    static func run(retry: RetryPolicy, on conn: Connection) throws -> Int {
        try conn.query(SQL(unsafeSQL: rescue, binds: [batch, retry.base, retry.maximum])).count
    }
}

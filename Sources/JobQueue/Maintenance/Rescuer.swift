import Postgres

/// Returns jobs whose lease ran out (their worker stopped sending heartbeats: killed, hung, or cut off) to the
/// queue as retryable, due now (the attempt stays counted); to `discarded` when attempts are used up; to `cancelled`
/// when an operator asked for that. Reads the partial index of running jobs.
struct Rescuer {
    /// How often the elected process looks.
    static let intervalSeconds = 1.0
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
            run_at = now(), lease_token = NULL, lease_expires_at = NULL,
            errors = j.errors || jsonb_build_array(jsonb_build_object(
                'attempt', j.attempt, 'at', now(), 'worker', j.lease_owner,
                'error', 'lease expired: the worker stopped sending heartbeats'))
        FROM expired WHERE j.id = expired.id
        RETURNING j.id
        """

    /// Returns the number of jobs rescued.
    static func run(on conn: Connection) throws -> Int {
        try conn.query(SQL(unsafeSQL: rescue, binds: [batch])).count
    }
}

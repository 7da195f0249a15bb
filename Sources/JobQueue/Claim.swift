/// The claim statement: one statement takes up to $1 due jobs in priority, run_at, id order, skipping rows other
/// workers hold (SKIP LOCKED), paused queues and kinds this worker has no handler for (in a rolling deploy an old
/// worker leaves a new kind to the new workers), and leases them to this worker.
enum Claim {
    /// $1 limit, $2 lease seconds, $3 lease owner, $4 queues to serve (NULL for all), $5 queues not to serve,
    /// $6 the kinds this worker runs.
    static let claim = """
        WITH next AS (
            SELECT id FROM kinerja.jobs j
            WHERE state IN ('available', 'scheduled', 'retryable') AND run_at <= now()
              AND ($4::text[] IS NULL OR queue = ANY ($4::text[]))
              AND NOT (queue = ANY ($5::text[]))
              AND kind = ANY ($6::text[])
              AND NOT EXISTS (SELECT 1 FROM kinerja.queues q WHERE q.name = j.queue AND q.paused)
            ORDER BY priority, run_at, id
            LIMIT $1
            FOR UPDATE SKIP LOCKED
        )
        UPDATE kinerja.jobs j
        SET state = 'running', attempt = j.attempt + 1, attempted_at = now(),
            lease_token = gen_random_uuid(),
            lease_expires_at = now() + $2::double precision * interval '1 second',
            lease_owner = $3
        FROM next WHERE j.id = next.id
        RETURNING j.id, j.kind, j.queue, j.args, j.attempt, j.max_attempts, j.lease_token, j.timeout_seconds,
                  j.created_at
        """

    /// Whether a worker that exits when idle should keep going: something claimable now or within $1 seconds, or a
    /// job still running in the served queues (its worker may be dead, and the job comes back when its lease
    /// expires). $2 queues (NULL for all), $3 the kinds this worker runs.
    static let pendingWork = """
        SELECT EXISTS (
            SELECT 1 FROM kinerja.jobs j
            WHERE state IN ('available', 'scheduled', 'retryable')
              AND run_at <= now() + $1::double precision * interval '1 second'
              AND ($2::text[] IS NULL OR queue = ANY ($2::text[])) AND kind = ANY ($3::text[])
              AND NOT EXISTS (SELECT 1 FROM kinerja.queues q WHERE q.name = j.queue AND q.paused)
        ) OR EXISTS (
            SELECT 1 FROM kinerja.jobs
            WHERE state = 'running' AND ($2::text[] IS NULL OR queue = ANY ($2::text[]))
        )
        """
}

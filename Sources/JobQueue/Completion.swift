/// The statements that finish, fail, extend or hand back claimed jobs. Each matches the lease token, so a worker
/// whose lease was taken over changes nothing (fencing). A job has a lease token only while it runs (the table's
/// `running_has_lease` check), so the token alone also says the job is running; the statements over many jobs leave
/// `state = 'running'` out on purpose: with it, the planner may walk the partial index of running jobs, whose dead
/// entries an old snapshot keeps, instead of looking each job up by its primary key.
enum Completion {
    // The attempt counts go into kinerja.job_counter_deltas as new rows (sql/021), never by updating a counter row:
    // an update leaves a version that an old snapshot keeps for every later update of that row to walk past.

    /// Completes many jobs in one statement: $1 ids, $2 tokens, $3 results (JSON text or NULL). The jobs move from
    /// `kinerja.jobs` to today's partition of `kinerja.job_history` (sql/024), counted there by queue; a delete and
    /// an insert cost less than the update the trigger would follow with both. Planned once (`PlanOnce`): each job
    /// is looked up by its id from the batch's own list (a lateral look-up, which the planner cannot turn round) and
    /// locked, then deleted by its row address. A plain join of the batch with `kinerja.jobs`, planned once while the
    /// table was empty, read the whole table for every job (1 000 jobs out of 100 000 running: 15 s).
    static let completeMany = """
        WITH held AS (
            SELECT j.row_address, j.id, j.kind, j.queue, j.priority, j.args, j.attempt, j.max_attempts, j.run_at,
                j.timeout_seconds, j.lease_owner, j.unique_key, j.errors, c.result,
                COALESCE(j.progress_total, j.progress_done) AS progress_done, j.progress_total, j.cancel_requested,
                j.created_at, j.attempted_at, j.created_by
            FROM unnest($1::bigint[], $2::uuid[], $3::text[]) AS c(id, token, result)
            CROSS JOIN LATERAL (
                SELECT j.ctid AS row_address, j.* FROM kinerja.jobs j
                WHERE j.id = c.id AND j.lease_token = c.token
                FOR UPDATE
            ) j
        ), done AS (
            -- Locked above, so the address still holds the job.
            DELETE FROM kinerja.jobs j WHERE j.ctid = ANY (ARRAY(SELECT row_address FROM held))
            RETURNING j.id
        ), kept AS (
            INSERT INTO kinerja.job_history (
                id, kind, queue, priority, state, args, attempt, max_attempts, run_at, timeout_seconds, lease_owner,
                unique_key, errors, result, progress_done, progress_total, cancel_requested, created_at, attempted_at,
                finished_at, created_by)
            SELECT id, kind, queue, priority, 'completed', args, attempt, max_attempts, run_at, timeout_seconds,
                lease_owner, unique_key, errors, result::jsonb, progress_done, progress_total, cancel_requested,
                created_at, attempted_at, now(), created_by
            FROM held
        ), counted AS (
            INSERT INTO kinerja.job_counter_deltas (queue, kind, completed)
            SELECT queue, kind, count(*) FROM held GROUP BY queue, kind
        ), kept_counted AS (
            INSERT INTO kinerja.job_history_count_deltas (day, queue, state, jobs, oldest_created)
            SELECT (now() AT TIME ZONE 'UTC')::date, queue, 'completed', count(*), min(created_at)
            FROM held GROUP BY queue
        )
        SELECT id FROM done
        """

    /// Completes one job inside the handler's transaction: $1 id, $2 token, $3 result, $4 progress done, $5 total.
    /// `clock_timestamp()`, not `now()`, which is when the handler's transaction began, often long before.
    static let completeOne = """
        WITH done AS (
            UPDATE kinerja.jobs
            SET state = 'completed', finished_at = clock_timestamp(), result = $3::jsonb,
                lease_token = NULL, lease_expires_at = NULL,
                progress_done = COALESCE($4::bigint, progress_total, progress_done),
                progress_total = COALESCE($5::bigint, progress_total)
            WHERE id = $1 AND lease_token = $2 AND state = 'running'
            RETURNING queue, kind
        )
        INSERT INTO kinerja.job_counter_deltas (queue, kind, completed)
        SELECT queue, kind, 1 FROM done
        """

    /// Records a failed attempt: $1 id, $2 token, $3 error text, $4 worker, $5 outcome ('retry', 'discard',
    /// 'cancel'), $6 seconds until the retry.
    static let fail = """
        WITH failed AS (
            UPDATE kinerja.jobs
            SET state = CASE
                    WHEN $5 = 'cancel' THEN 'cancelled'
                    WHEN $5 = 'discard' OR attempt >= max_attempts THEN 'discarded'
                    ELSE 'retryable' END,
                run_at = CASE WHEN $5 = 'retry' AND attempt < max_attempts
                    THEN now() + $6::double precision * interval '1 second' ELSE run_at END,
                finished_at = CASE WHEN $5 <> 'retry' OR attempt >= max_attempts THEN now() END,
                errors = errors || jsonb_build_array(jsonb_build_object(
                    'attempt', attempt, 'at', now(), 'error', $3::text, 'worker', $4::text)),
                lease_token = NULL, lease_expires_at = NULL
            WHERE id = $1 AND lease_token = $2 AND state = 'running'
            RETURNING queue, kind, state
        )
        INSERT INTO kinerja.job_counter_deltas (queue, kind, failed)
        SELECT queue, kind, 1 FROM failed
        RETURNING (SELECT state FROM failed)
        """

    /// Extends leases and writes progress: $1 ids, $2 tokens, $3 progress done, $4 progress total, $5 lease seconds.
    /// Returns the jobs still held, with their cancel flag.
    static let heartbeat = """
        UPDATE kinerja.jobs j
        SET lease_expires_at = now() + $5::double precision * interval '1 second',
            progress_done = COALESCE(h.done, j.progress_done), progress_total = COALESCE(h.total, j.progress_total)
        FROM unnest($1::bigint[], $2::uuid[], $3::bigint[], $4::bigint[]) AS h(id, token, done, total)
        WHERE j.id = h.id AND j.lease_token = h.token
        RETURNING j.id, j.cancel_requested
        """

    /// Hands unfinished jobs back to the queue without charging the attempt (graceful shutdown, lost
    /// connection): $1 ids, $2 tokens.
    static let release = """
        UPDATE kinerja.jobs j
        SET state = 'available', attempt = GREATEST(j.attempt - 1, 0), run_at = now(),
            lease_token = NULL, lease_expires_at = NULL, lease_owner = NULL,
            -- The next attempt starts from the beginning; a stale 900000 of 1000000 would mislead.
            progress_done = NULL, progress_total = NULL
        FROM unnest($1::bigint[], $2::uuid[]) AS r(id, token)
        WHERE j.id = r.id AND j.lease_token = r.token
        RETURNING j.id
        """
}

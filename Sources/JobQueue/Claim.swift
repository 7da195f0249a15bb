import Postgres

/// The claim statement: one statement takes up to $1 ready jobs in priority, run_at, id order from `kinerja.ready`
/// (sql/012), skipping rows other workers hold (SKIP LOCKED), paused queues and kinds this worker has no handler for
/// (in a rolling deploy an old worker leaves a new kind to the new workers), deletes the ready rows it took and
/// leases their jobs to this worker. A ready row whose job is no longer available (cancelled meanwhile, or listed
/// twice) is deleted and skipped. It comes in two forms (`statement(queues:)`): through the index of every queue for
/// a worker that serves them all, queue by queue for one that serves named queues.
enum Claim {
    /// $1 limit, $2 lease seconds, $3 lease owner, $4 queues to serve (NULL for all), $5 queues not to serve,
    /// $6 the kinds this worker runs, $7–$9 the position to start after (priority, run_at as text, job id).
    /// Each row ends with the position of the last ready row taken, for the next claim.
    static let claim = "WITH next AS (\(nextInOrder)), \(leaseTaken)"

    /// `claim` for a worker that serves named queues ($4 not NULL): each queue's ready rows are read from that
    /// queue's own place in `ready_queue_claim_idx` (sql/023) and merged, so the ready rows of queues this worker
    /// does not serve are never walked. Through the index of every queue, each rewind to the front walked past all
    /// of them: 20 ms a claim behind 90 000 rows of other queues, 0.3 ms this way.
    static let claimQueues = "WITH next AS (\(nextByQueue)), \(leaseTaken)"

    /// The claim for a worker that serves `queues` (nil: every queue).
    static func statement(queues: [String]?) -> String { queues == nil ? claim : claimQueues }

    /// The next ready rows in priority, run_at, id order, through the index of every queue.
    private static let nextInOrder = """
        SELECT r.ctid, r.job_id, r.priority, r.run_at FROM kinerja.ready r
        WHERE (r.priority, r.run_at, r.job_id) > ($7::smallint, $8::timestamptz, $9::bigint)
          AND ($4::text[] IS NULL OR r.queue = ANY ($4::text[]))
          AND NOT (r.queue = ANY ($5::text[]))
          AND r.kind = ANY ($6::text[])
          AND NOT EXISTS (SELECT 1 FROM kinerja.queues q WHERE q.name = r.queue AND q.paused)
        ORDER BY r.priority, r.run_at, r.job_id
        LIMIT $1
        FOR UPDATE OF r SKIP LOCKED
        """

    /// The same rows, queue by queue: up to $1 of each served queue, the first $1 of them all in the same order.
    /// The rows locked beyond those are let go when the claim commits. The position is compared with the queue in
    /// front, as the queue's index orders its rows: the prepared statement's generic plan, which does not know the
    /// queue, otherwise read the common index and passed over a million rows of another queue (124 ms, not 0.5 ms).
    private static let nextByQueue = """
        SELECT r.ctid, r.job_id, r.priority, r.run_at
        FROM unnest($4::text[]) AS served(queue)
        CROSS JOIN LATERAL (
            SELECT r.ctid, r.job_id, r.priority, r.run_at FROM kinerja.ready r
            WHERE r.queue = served.queue
              AND (r.queue, r.priority, r.run_at, r.job_id) > (served.queue, $7::smallint, $8::timestamptz, $9::bigint)
              AND r.kind = ANY ($6::text[])
            ORDER BY r.priority, r.run_at, r.job_id
            LIMIT $1
            FOR UPDATE OF r SKIP LOCKED
        ) r
        WHERE NOT (served.queue = ANY ($5::text[]))
          AND NOT EXISTS (SELECT 1 FROM kinerja.queues q WHERE q.name = served.queue AND q.paused)
        ORDER BY r.priority, r.run_at, r.job_id
        LIMIT $1
        """

    /// What both claims do with the rows `next` found: delete them from the ready list and lease their jobs to this
    /// worker. A ready row whose job is no longer available is deleted and skipped. Both tables are reached by arrays
    /// of what `next` found, never by a join: a join's generic plan, made while a table looked empty, put that table
    /// on the outside and read all of it for every job claimed (500 jobs out of 100 000: 50 million rows read and
    /// thrown away). The ready rows by their row address (locked by `next`, so it cannot change), kept to the jobs
    /// claimed because each slot has its own addresses; that check is a hashed look-up that no index can serve, so
    /// the address is the only way in (as `job_id = ANY (…)` it was also an index condition, and a plan made while a
    /// slot's statistics said empty read that slot's whole index instead: 127 ms for a claim of 64). The jobs by
    /// their primary key.
    private static let leaseTaken = """
        taken AS (
            DELETE FROM kinerja.ready r
            WHERE r.ctid = ANY (ARRAY(SELECT ctid FROM next)) AND (r.job_id IN (SELECT job_id FROM next)) IS TRUE
        ), last AS (
            SELECT priority, run_at, job_id FROM next ORDER BY priority DESC, run_at DESC, job_id DESC LIMIT 1
        ), claimed AS (
            UPDATE kinerja.jobs j
            SET state = 'running', attempt = j.attempt + 1, attempted_at = now(),
                lease_token = gen_random_uuid(),
                lease_expires_at = now() + $2::double precision * interval '1 second',
                lease_owner = $3, progress_done = NULL, progress_total = NULL
            WHERE j.id = ANY (ARRAY(SELECT job_id FROM next)) AND j.state = 'available'
            RETURNING j.id, j.kind, j.queue, j.args, j.attempt, j.max_attempts, j.lease_token, j.timeout_seconds,
                      j.created_at, j.priority, j.run_at
        )
        -- In claim order: a batch is started first to last, so priority holds inside it too.
        SELECT c.id, c.kind, c.queue, c.args, c.attempt, c.max_attempts, c.lease_token, c.timeout_seconds,
               c.created_at, last.priority, last.run_at::text, last.job_id
        FROM claimed c, last
        ORDER BY c.priority, c.run_at, c.id
        """

    /// Where a claim starts: after the last ready row this worker took. Ready rows before it are mostly the dead
    /// rows of earlier claims, which an old snapshot keeps from being vacuumed; starting after them keeps a claim's
    /// cost flat. Rows that land before it (a job that committed late, a higher priority) are found when the
    /// fetcher starts from the front again, at least every `rewindSeconds`.
    struct Position {
        var priority: Int
        /// As PostgreSQL prints it, so no precision is lost on the way back.
        var runAt: String
        var jobID: Int64

        /// Before every row.
        static let front = Position(priority: Int(Int16.min), runAt: "-infinity", jobID: Int64.min)

        /// How often a fetcher claims from the front again.
        static let rewindSeconds = 1.0

        var binds: [any PostgresEncodable] { [priority, runAt, jobID] }
    }

    /// Makes due waiting jobs (scheduled, or retryable after their backoff) available, up to $1 of them; the trigger
    /// of sql/012 lists them in kinerja.ready. Wakes workers of their queues: a wake ticket per job where a queue
    /// got at most $2 of them (`Wakeup`: one process each), else one notification that wakes all of that queue's.
    /// The fetcher that promotes claims in the same turn, so the others mostly find nothing; a ticket wakes one.
    static let promote = """
        WITH due AS (
            SELECT id FROM kinerja.jobs
            WHERE state IN ('scheduled', 'retryable') AND run_at <= now()
            ORDER BY run_at
            LIMIT $1
            FOR UPDATE SKIP LOCKED
        ), promoted AS (
            UPDATE kinerja.jobs j SET state = 'available' FROM due WHERE j.id = due.id RETURNING j.id, j.queue, j.kind
        ), sized AS (
            SELECT id, queue, kind, count(*) OVER (PARTITION BY queue) AS n FROM promoted
        )
        SELECT count(*)::int FROM (
            SELECT DISTINCT CASE WHEN n <= $2 THEN \(Producer.ticketPayload) ELSE queue END AS payload FROM sized
        ) d, LATERAL pg_notify('\(Producer.jobsChannel)', d.payload)
        """

    /// Promoted jobs of one queue up to which each gets its own wake ticket.
    static let promoteTickets = 16

    /// How often a fetcher that is the only live process looks for due waiting jobs.
    static let promoteSeconds = 0.25
    /// The longest a fetcher with free threads waits between promotions however many processes there are: as long
    /// as an idle fetcher waits between polls, so a fleet that is busy with long jobs but for one process still
    /// promotes about every second.
    static let promoteMostSeconds = 1.0

    /// How long a fetcher waits before it promotes again, with `processes` live worker processes in its roster. A
    /// promotion serves every queue, so the processes take turns: each waits `promoteSeconds` times their number, at
    /// most `promoteMostSeconds`, at a random point between half and one and a half times that, so that they do not
    /// fall into step. Before, every process with free threads promoted every quarter second: ten `worker
    /// --concurrency 4` running 40 000 no-op jobs sent 70 promotions that found nothing (one process: 7), a fleet of a
    /// hundred would send 400 a second, and under an old snapshot each walks the index of waiting jobs past the dead
    /// entries of every job promoted since the snapshot began.
    static func promotionDelay(processes: Int, random: Double = Double.random(in: 0.5..<1.5)) -> Double {
        min(promoteMostSeconds, promoteSeconds * Double(max(1, processes))) * random
    }

    /// Whether a worker that exits when idle should keep going: something claimable now or within $1 seconds, or a
    /// job still running in the served queues (its worker may be dead, and the job comes back when its lease
    /// expires). $2 queues (NULL for all), $3 the kinds this worker runs.
    static let pendingWork = """
        SELECT EXISTS (
            SELECT 1 FROM kinerja.ready r JOIN kinerja.jobs j ON j.id = r.job_id AND j.state = 'available'
            WHERE ($2::text[] IS NULL OR r.queue = ANY ($2::text[])) AND r.kind = ANY ($3::text[])
              AND NOT EXISTS (SELECT 1 FROM kinerja.queues q WHERE q.name = r.queue AND q.paused)
        ) OR EXISTS (
            SELECT 1 FROM kinerja.jobs j
            WHERE state IN ('scheduled', 'retryable')
              AND run_at <= now() + $1::double precision * interval '1 second'
              AND ($2::text[] IS NULL OR queue = ANY ($2::text[])) AND kind = ANY ($3::text[])
              AND NOT EXISTS (SELECT 1 FROM kinerja.queues q WHERE q.name = j.queue AND q.paused)
        ) OR EXISTS (
            SELECT 1 FROM kinerja.jobs
            WHERE state = 'running' AND ($2::text[] IS NULL OR queue = ANY ($2::text[]))
        )
        """
}

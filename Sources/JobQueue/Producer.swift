import Foundation
import Postgres

/// Puts jobs in the queue. Every call runs on the caller's connection and inside the caller's transaction when
/// there is one, so a job exists only if the caller commits. Workers are woken by `pg_notify` in the same
/// transaction (PostgreSQL folds identical notifications of one transaction into one).
///
/// Two doors: `submit` goes through `kinerja.submit_job` (sql/010), which checks the kind, the arguments, the
/// limits and the upload an import names; it is what the CLI and the producer role use. `enqueue`,
/// `enqueueMany` and `bulkEnqueue` insert rows directly: for workers (follow-ups, cron) and trusted programs
/// whose role may insert into `kinerja.jobs`, any kind.
public enum Producer {
    /// The channel that wakes workers. One job wakes one worker process (its id is the ticket, `Wakeup`); a batch
    /// wakes every process serving its queue.
    public static let jobsChannel = "kinerja_jobs"

    static let insertOne = """
        WITH inserted AS (
            INSERT INTO kinerja.jobs (kind, queue, priority, args, run_at, state, max_attempts, unique_key,
                                      timeout_seconds)
            VALUES ($1, $2, $3, $4::jsonb, COALESCE($5::timestamptz, now()),
                    CASE WHEN $5::timestamptz > now() THEN 'scheduled' ELSE 'available' END, $6, $7, $8)
            ON CONFLICT (unique_key)
                WHERE unique_key IS NOT NULL AND state IN ('available', 'scheduled', 'running', 'retryable')
                DO NOTHING
            RETURNING id, queue, kind
        )
        SELECT id, pg_notify('\(jobsChannel)', \(ticketPayload)) FROM inserted
        """

    /// The wake ticket of one inserted job (`Wakeup`), its id as the ticket; the queue name alone, which wakes every
    /// process serving the queue, when a name has a space (the trusted door allows them).
    static let ticketPayload = """
        CASE WHEN strpos(queue, ' ') = 0 AND strpos(kind, ' ') = 0 THEN queue || ' ' || id || ' 0 ' || kind
             ELSE queue END
        """

    /// Unique keys starting with this are the system's (follow-ups, cron ticks); `submit` refuses them, so a
    /// producer cannot squat a key the system relies on.
    public static let systemKeyPrefix = "kinerja:"

    static let submitJob = """
        SELECT job_id, existing
        FROM kinerja.submit_job($1, $2::jsonb, $3, $4, $5::timestamptz, $6, $7, $8, $9)
        """

    /// Enqueues `count` copies of a job through `kinerja.submit_job`, the checked door a producer role uses.
    /// A refused job throws the server's error (SQLSTATE 42501 not allowed, 22023 bad value).
    @discardableResult
    public static func submit(_ job: NewJob, count: Int = 1, on conn: Connection) throws -> [EnqueueResult] {
        try conn.query(
            SQL(
                unsafeSQL: submitJob,
                binds: [
                    job.kind, job.args, job.queue, Int(job.priority), job.runAt, job.maxAttempts, job.uniqueKey,
                    job.timeoutSeconds, count,
                ])
        ).rows.map { EnqueueResult(id: try $0.decode(0, as: Int64.self), existing: try $0.decode(1, as: Bool.self)) }
    }

    static let findUnique = """
        SELECT id FROM kinerja.jobs
        WHERE unique_key = $1 AND state IN ('available', 'scheduled', 'running', 'retryable')
        """

    static let notify = "SELECT pg_notify('\(jobsChannel)', $1)"

    /// Enqueues one job.
    @discardableResult
    public static func enqueue(_ job: NewJob, on conn: Connection) throws -> EnqueueResult {
        // A key that matched a job which finished between the insert and the look-up: try again.
        for _ in 0..<5 {
            // Prepared once per connection: a producer that enqueues one job at a time (cron, follow-ups, a program
            // feeding the queue) no longer pays for planning the insert each time.
            let inserted = try conn.query(
                SQL(
                    preparedSQL: insertOne,
                    binds: [
                        job.kind, job.queue, job.priority, job.args, job.runAt, job.maxAttempts, job.uniqueKey,
                        job.timeoutSeconds,
                    ]))
            if let row = inserted.first {
                return EnqueueResult(id: try row.decode(0, as: Int64.self), existing: false)
            }
            if let key = job.uniqueKey, let row = try conn.query(SQL(unsafeSQL: findUnique, binds: [key])).first {
                return EnqueueResult(id: try row.decode(0, as: Int64.self), existing: true)
            }
        }
        throw PostgresError(kind: .usage, message: "unique key kept changing hands", operation: "enqueue")
    }

    static let insertMany = """
        INSERT INTO kinerja.jobs (kind, queue, priority, args, run_at, state, max_attempts)
        SELECT k, q, p, a::jsonb, COALESCE(r, now()), CASE WHEN r > now() THEN 'scheduled' ELSE 'available' END, m
        FROM unnest($1::text[], $2::text[], $3::smallint[], $4::text[], $5::timestamptz[], $6::int[])
            AS t(k, q, p, a, r, m)
        RETURNING id
        """

    /// Enqueues many jobs in one statement and returns their ids in order. Unique keys are not supported here
    /// (use `enqueue` for those).
    @discardableResult
    public static func enqueueMany(_ jobs: [NewJob], on conn: Connection) throws -> [Int64] {
        guard !jobs.isEmpty else { return [] }
        precondition(jobs.allSatisfy { $0.uniqueKey == nil }, "enqueueMany does not take unique keys")
        let rows = try conn.query(
            SQL(
                unsafeSQL: insertMany,
                binds: [
                    jobs.map(\.kind), jobs.map(\.queue), jobs.map { Int($0.priority) }, jobs.map(\.args.text),
                    jobs.map(\.runAt), jobs.map(\.maxAttempts),
                ])
        ).rows
        for queue in Set(jobs.map(\.queue)) { try conn.query(SQL(unsafeSQL: notify, binds: [queue])) }
        return try rows.map { try $0.decode(0, as: Int64.self) }
    }

    /// Enqueues `count` jobs built by `make` through COPY: the fastest path, for bulk loads of thousands of jobs.
    /// Returns how many were stored. Unique keys and delays are not supported here.
    @discardableResult
    public static func bulkEnqueue(count: Int, on conn: Connection, _ make: (Int) -> NewJob) throws -> Int {
        var queues = Set<String>()
        let stored = try conn.copyIn("COPY kinerja.jobs (kind, queue, priority, args, max_attempts) FROM STDIN") {
            writer in
            for i in 0..<count {
                let job = make(i)
                queues.insert(job.queue)
                try writer.write([job.kind, job.queue, String(job.priority), job.args.text, String(job.maxAttempts)])
            }
        }
        for queue in queues { try conn.query(SQL(unsafeSQL: notify, binds: [queue])) }
        return stored
    }
}

import JobQueue
import Logging
import Postgres

/// The one worker set-up of the integration tests: heartbeats and polls every 0.2 s, retries after 10–50 ms, and a
/// pool that stops once its queue is idle (unless a test runs it in the background and stops it itself).
public enum TestWorkers {
    public static func configuration(
        conninfo: String, queue: String, name: String = "test", concurrency: Int = 2, lease: Double = 30,
        exitWhenIdle: Bool = true
    ) -> WorkerConfiguration {
        WorkerConfiguration(
            conninfo: conninfo, concurrency: concurrency, queues: [queue], name: name, leaseSeconds: lease,
            heartbeatSeconds: 0.2, pollSeconds: 0.2, exitWhenIdle: exitWhenIdle, idleHorizonSeconds: 0.5,
            shutdownGraceSeconds: 5, retry: RetryPolicy(base: 0.01, maximum: 0.05), retentionSeconds: 86400)
    }

    /// Logs only what would stop a pool: tests provoke failures on purpose.
    public static var logger: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }

    /// Runs a pool with `registry` on `queue` until the queue is idle.
    public static func runUntilIdle(
        conninfo: String, queue: String, registry: HandlerRegistry, name: String = "test", concurrency: Int = 2,
        lease: Double = 30
    ) {
        let config = configuration(
            conninfo: conninfo, queue: queue, name: name, concurrency: concurrency, lease: lease)
        WorkerPool(configuration: config, registry: registry, logger: logger).run()
    }
}

/// The one job look-up of the tests.
public enum TestJobs {
    /// The job as operators see it; fails the test's call when there is none.
    public static func job(_ id: Int64, on conn: Connection) throws -> JobRecord {
        guard let job = try QueueAdmin.job(id, on: conn) else { throw TestJobError.missing(id) }
        return job
    }

    /// Puts a finished job back into the queue as available, its attempt and other columns as they were and
    /// `args` merged with `mergingArgs`: as if a crash had lost its completion.
    public static func runAgain(_ id: Int64, mergingArgs: String = "{}", on conn: Connection) throws {
        try conn.execute(
            """
            WITH back AS (DELETE FROM kinerja.job_history WHERE id = \(id) RETURNING *)
            INSERT INTO kinerja.jobs (id, kind, queue, priority, state, args, attempt, max_attempts, run_at,
                timeout_seconds, unique_key, errors, result, created_at, attempted_at, created_by)
            OVERRIDING SYSTEM VALUE
            SELECT id, kind, queue, priority, 'available', args || \(mergingArgs)::jsonb, attempt, max_attempts, now(),
                timeout_seconds, unique_key, errors, result, created_at, attempted_at, created_by
            FROM back
            """)
    }

    /// The last error of a job, as stored ("" when it has none).
    public static func lastError(_ id: Int64, on conn: Connection) throws -> String {
        try job(id, on: conn).errors.elements.last?["error"]?.stringValue ?? ""
    }

    enum TestJobError: Error, CustomStringConvertible {
        case missing(Int64)
        var description: String {
            switch self {
            case .missing(let id): "no job \(id)"
            }
        }
    }
}

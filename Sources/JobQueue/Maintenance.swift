import Foundation
import Logging
import Postgres

/// The maintenance thread of a worker process: returns expired leases to the queue, fires due cron schedules and
/// prunes old finished jobs. Every process runs it; the statements are safe to run from many at once.
struct Maintenance {
    let pool: WorkerPool
    var config: WorkerConfiguration { pool.config }

    /// Expired leases go back to the queue (the attempt stays counted), or to `discarded` when attempts are used
    /// up, or to `cancelled` when an operator asked for that. $1 batch size.
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

    /// Deletes up to $2 jobs that finished more than $1 seconds ago.
    static let prune = """
        DELETE FROM kinerja.jobs WHERE id IN (
            SELECT id FROM kinerja.jobs
            WHERE finished_at < now() - $1::double precision * interval '1 second'
            LIMIT $2)
        """

    func run() {
        var conn: Connection?
        var lastRescue = Date.distantPast
        var lastPrune = Date.distantPast
        var lastCron = Date.distantPast
        while !pool.isStopping {
            if conn == nil || conn?.isHealthy == false {
                conn = Reconnect.connect(config.conninfo, name: config.name + " maintenance", logger: pool.logger) {
                    pool.isStopping
                }
            }
            guard let c = conn else { break }
            let now = Date()
            do {
                if now.timeIntervalSince(lastRescue) >= max(0.5, min(5, config.leaseSeconds / 4)) {
                    lastRescue = now
                    let rescued = try c.query(SQL(unsafeSQL: Self.rescue, binds: [1000])).count
                    if rescued > 0 {
                        pool.logger.warning("rescued jobs with expired leases", metadata: ["count": "\(rescued)"])
                    }
                }
                if now.timeIntervalSince(lastCron) >= 5 {
                    lastCron = now
                    let logger = pool.logger
                    try Scheduler.fireDue(
                        on: c,
                        failed: { name, error in
                            logger.error("schedule failed", metadata: ["schedule": "\(name)", "error": "\(error)"])
                        },
                        skipped: { name, tick in
                            logger.warning(
                                "missed tick skipped (catch_up skip)",
                                metadata: ["schedule": "\(name)", "tick": "\(tick)"])
                        })
                }
                if now.timeIntervalSince(lastPrune) >= 60 {
                    lastPrune = now
                    try c.query(SQL(unsafeSQL: Self.prune, binds: [config.retentionSeconds, 10_000]))
                    try c.query(SQL(unsafeSQL: WorkerRegistry.prune))
                }
            } catch {
                pool.logger.warning("maintenance failed", metadata: ["error": "\(error)"])
            }
            // Half a second in short relative sleeps, not a wait until a wall-clock time: a clock stepped by NTP (or
            // skewed for one process) must not stall maintenance, and shutdown is seen within 0.1 s.
            for _ in 0..<5 where !pool.isStopping { Thread.sleep(forTimeInterval: 0.1) }
        }
    }
}

import Foundation
import Logging
import Postgres

/// The maintenance thread of a worker process. Every process with maintenance on runs one, but only the elected
/// one works: the process whose fetcher's session holds the advisory lock (`Leadership`). It rescues expired leases
/// (`Rescuer`), empties drained ready slots (`ReadyRecycler`), keeps `kinerja.jobs` and `kinerja.workers` small under
/// an old snapshot (`JobsCompactor`, `WorkersCompactor`), folds the counter shards (`CounterFolder`), fires due cron
/// schedules (`Scheduler`) and prunes (`Pruner`), on a connection it opens once elected. When the leader dies its
/// session ends, the lock is free, and another process's fetcher takes it within a second. Each service is also safe
/// to run from many processes at once, so a leader that lost its session without knowing it yet does no harm, and
/// the others stand by (`standby`) on a connection opened for each round.
struct Maintenance {
    let pool: WorkerPool
    var config: WorkerConfiguration { pool.config }

    func run() {
        var conn: Connection?
        var rescuer = Rescuer()
        var pruneBacklog = false
        // The first stand-by round comes at a random point of the first period, not at once: processes started
        // together (a deploy, a fleet) would otherwise each run it while starting, in a new server backend that must
        // load and plan all of it (ten `worker --concurrency 4` starting on an empty queue: 0.88-0.91 core-seconds,
        // 0.74-0.76 without it), and then keep in step every period.
        var last = ["standby": Date().addingTimeInterval(-Double.random(in: 0..<config.standbySeconds))]
        func due(_ service: String, every seconds: Double) -> Bool {
            let now = Date()
            guard now.timeIntervalSince(last[service] ?? .distantPast) >= seconds else { return false }
            last[service] = now
            return true
        }
        while !pool.isStopping {
            if pool.leadership.isLeading {
                if conn?.isHealthy != true {
                    conn = Reconnect.connect(config.conninfo, name: config.name + " maintenance", logger: pool.logger) {
                        pool.isStopping || !pool.leadership.isLeading
                    }
                }
                if let c = conn { work(on: c, rescuer: &rescuer, pruneBacklog: &pruneBacklog, due: due) }
            } else {
                // Led no more (the fetcher's session ended): the connection goes; another process leads now.
                conn = nil
                if due("standby", every: config.standbySeconds) { standby(rescuer: &rescuer) }
            }
            // Half a second in short relative sleeps, not a wait until a wall-clock time: a clock stepped by NTP (or
            // skewed for one process) must not stall maintenance, and shutdown or an election is seen within 0.1 s.
            let led = pool.leadership.isLeading
            for _ in 0..<5 where !pool.isStopping && pool.leadership.isLeading == led {
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
    }

    /// A leader that froze (SIGSTOP, a paused VM) keeps its lock while its connection stays open. So the other
    /// processes still rescue expired leases, fire due schedules and make the history's next partitions, this
    /// seldom: each is safe to run twice.
    static let standbySeconds = 30.0

    /// One stand-by round on a connection of its own, closed after it: a process that does not lead holds none.
    private func standby(rescuer: inout Rescuer) {
        do {
            let c = try Reconnect.open(config.conninfo, name: config.name + " maintenance")
            try rescue(on: c, rescuer: &rescuer)
            try fireCron(on: c)
            try Pruner.addAhead(on: c)
        } catch {
            pool.logger.warning("maintenance failed", metadata: ["error": "\(error)"])
        }
    }

    /// Each service on its own: one that keeps failing (a missing privilege, a bug) does not stop the others.
    private func work(
        on c: Connection, rescuer: inout Rescuer, pruneBacklog: inout Bool, due: (String, Double) -> Bool
    ) {
        func attempt(_ service: String, _ body: () throws -> Void) {
            do { try body() } catch {
                pool.logger.warning("maintenance failed", metadata: ["service": "\(service)", "error": "\(error)"])
            }
        }
        attempt("rescue") {
            var look = due("rescue-full", Rescuer.fullIntervalSeconds)
            if !look && due("rescue", Rescuer.intervalSeconds) {
                look = try c.query(SQL(unsafeSQL: Rescuer.quietWorker)).first?.decode(0, as: Bool.self) == true
            }
            if look { try rescue(on: c, rescuer: &rescuer) }
        }
        if due("recycle", ReadyRecycler.intervalSeconds) { attempt("recycle") { try ReadyRecycler.run(on: c) } }
        if due("compact", JobsCompactor.intervalSeconds) {
            attempt("compact") { try JobsCompactor.run(on: c, minBytes: config.compactMinBytes) }
        }
        if due("compact workers", WorkersCompactor.intervalSeconds) {
            attempt("compact workers") { try WorkersCompactor.run(on: c, minBytes: config.workersCompactMinBytes) }
        }
        if due("fold", CounterFolder.intervalSeconds) { attempt("fold") { try CounterFolder.run(on: c) } }
        if due("cron", 5) { attempt("cron") { try fireCron(on: c) } }
        if due("prune", pruneBacklog ? Pruner.backlogIntervalSeconds : Pruner.intervalSeconds) {
            attempt("history partitions") { try Pruner.addAhead(on: c) }
            attempt("prune") {
                pruneBacklog = try Pruner.run(retentionSeconds: config.retentionSeconds, on: c).backlog
            }
        }
    }

    private func rescue(on c: Connection, rescuer: inout Rescuer) throws {
        let rescued = try rescuer.run(retry: config.retry, on: c)
        if rescued > 0 { pool.logger.warning("rescued jobs with expired leases", metadata: ["count": "\(rescued)"]) }
    }

    private func fireCron(on c: Connection) throws {
        let logger = pool.logger
        try Scheduler.fireDue(
            on: c,
            failed: { name, error in
                logger.error("schedule failed", metadata: ["schedule": "\(name)", "error": "\(error)"])
            },
            skipped: { name, tick in
                logger.warning(
                    "missed tick skipped (catch_up skip)", metadata: ["schedule": "\(name)", "tick": "\(tick)"])
            })
    }
}

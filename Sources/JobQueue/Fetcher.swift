import Foundation
import Logging
import Postgres

/// The claiming thread. Each turn sends, in one pipelined round trip, the batch of finished jobs to complete, the
/// jobs to hand back, the heartbeat when due, due waiting jobs to make available (`Claim.promotionDelay`),
/// and a claim sized to the free slots plus the prefetch; it also stops jobs past their attempt timeout. Then it
/// waits for a NOTIFY, a worker finishing, or the poll interval.
final class Fetcher {
    let pool: WorkerPool
    /// Where the next claim starts (see `Claim.Position`), and when it last started from the front.
    private var position = Claim.Position.front
    private var rewoundAt = Date.distantPast
    /// When this fetcher next makes due waiting jobs available (`Claim.promotionDelay`).
    var promoteAt = Date.distantPast
    /// The processes a wake ticket picks from, and when they were read.
    var roster = WakeRoster()
    var rosterReadAt = Date.distantPast
    private let finisher: Finisher
    /// The part of the current turn not yet settled: what a failed turn gives back.
    private var unsettled = Turn()
    /// A connection the caller opened, used before any of the fetcher's own.
    private var handedOver: Connection?

    init(pool: WorkerPool, connection: Connection? = nil) {
        self.pool = pool
        handedOver = connection
        finisher = Finisher(conninfo: pool.config.conninfo, name: pool.config.name, logger: pool.logger)
    }

    var config: WorkerConfiguration { pool.config }
    var state: PoolState { pool.state }
    var logger: Logger { pool.logger }

    func run() {
        var conn: Connection?
        var lastHeartbeat = Date.distantPast
        // A cancel notification for a held job: heartbeat now, and stop the job if its row says so.
        var heartbeatNow = false
        // Shutting down while the database is unreachable: jobs still held cannot be handed back, and their leases
        // run out for other workers' rescuers; the process stops anyway, this long after the grace period.
        var giveUpAt: Date?
        while true {
            if conn == nil {
                conn =
                    takeHandedOver()
                    ?? Reconnect.connect(config.conninfo, name: config.name + " fetcher", logger: logger) {
                        state.transition { $0.stopsWhileDisconnected(now: Date(), giveUp: &giveUpAt) }
                    }
                guard let c = conn else { break }
                do {
                    try c.execute(SQL(unsafeSQL: Reconnect.fetcherSettings))
                    try c.execute(SQL(unsafeSQL: Reconnect.queueSettings))
                    try c.listen(Producer.jobsChannel)
                    try c.listen(WorkerPool.cancelChannel)
                    let wake = try c.notificationInterrupter()
                    state.setWake(wake)
                    // Cancel notifications sent while there was no connection are lost: ask about every held job.
                    heartbeatNow = true
                } catch {
                    conn = nil
                    continue
                }
            }
            guard let c = conn else { break }
            let heartbeatDue = heartbeatNow || Date().timeIntervalSince(lastHeartbeat) >= config.heartbeatSeconds
            let turn = state.transition {
                $0.prepareTurn(now: Date(), heartbeatDue: heartbeatDue, everyLease: heartbeatNow)
            }
            if turn.heartbeat != nil {
                lastHeartbeat = Date()
                heartbeatNow = false
            }
            unsettled = turn
            do {
                if config.runMaintenance, try pool.leadership.tryToLead(on: c) {
                    logger.info("this process now runs the queue's maintenance")
                }
                let claimed = try send(turn, on: c)
                // Settled: a failure from here on (the wait) must not give this turn's work back a second time.
                unsettled = Turn()
                if turn.finishedShutdown { break }
                if try shouldExitIdle(turn: turn, claimed: claimed, on: c) {
                    state.transition { ((), $0.stop()) }
                    break
                }
                if claimed > 0 && claimed == turn.claimLimit { continue }
                // Wait only when no worker finished meanwhile; a worker that finishes later wakes us.
                guard state.with({ $0.fetcherMayWait() }) else { continue }
                let notifications = try waitForWork(on: c)
                state.with { $0.fetcherWoke() }
                heartbeatNow = holdsCancelled(notifications)
            } catch let error as PostgresError where error.isConnectionLost || !c.isHealthy {
                logger.warning("fetcher lost its connection", metadata: ["error": "\(error)"])
                giveBack(unsettled)
                state.setWake(nil)
                pool.leadership.sessionEnded()
                conn = nil
            } catch {
                logger.error("fetcher turn failed", metadata: ["error": "\(error)"])
                var rest = unsettled
                if !rest.completions.isEmpty { rest.completions = splitCompletions(rest.completions, on: c) }
                giveBack(rest)
                Thread.sleep(forTimeInterval: 0.2)
            }
        }
        state.transition { ((), $0.stop()) }
        _ = try? conn?.query(SQL(unsafeSQL: WorkerRegistry.gone, binds: [config.owner]))
    }

    typealias Turn = PoolStateMachine.Turn

    /// The caller's connection, once, set up as `Reconnect.open` sets up a new one; nil when there is none or it is
    /// no longer usable (the fetcher then opens its own).
    private func takeHandedOver() -> Connection? {
        defer { handedOver = nil }
        guard let c = handedOver, c.checkAlive() else { return nil }
        do {
            try Reconnect.prepare(c, name: config.name + " fetcher")
            return c
        } catch {
            return nil
        }
    }

    /// Sends the turn and applies the answers; returns the number of jobs claimed. The finishing part
    /// (completions, hand-backs, failures) goes through the finisher's connection when there is one and the turn
    /// also claims or heartbeats: both round trips are in flight at once. Otherwise the whole turn is one round trip.
    private func send(_ turn: Turn, on conn: Connection) throws -> Int {
        let answers = Answers()
        let finishing = finishingSteps(turn, into: answers)
        let claiming = claimingSteps(turn, into: answers)
        let limited = !config.queueLimits.isEmpty && turn.claimLimit > 0
        var sent: (Connection, Connection.SentPipeline)?
        if !finishing.isEmpty, !claiming.isEmpty || limited, let other = finisher.ready() {
            do {
                sent = (other, try other.send(finishing.all.map(\.sql)))
            } catch {
                logger.warning("finisher connection failed", metadata: ["error": "\(error)"])
                finisher.drop()
            }
        }
        // A part that only claims or extends leases need not wait for its WAL flush: if the server crashes, a lost
        // claim leaves the job available and a lost heartbeat only shortens a lease. Completions stay durable.
        let steps = (sent == nil ? finishing + claiming : claiming).all
        let durable = sent == nil && !finishing.isEmpty
        let syncOff = Step(sql: "SELECT set_config('synchronous_commit', 'off', true)") { _ in }
        let pipeline = durable ? steps : [syncOff] + steps
        var mainError: (any Error)?
        do {
            if !steps.isEmpty {
                for (step, result) in zip(pipeline, try conn.pipeline(pipeline.map(\.sql))) { try step.decode(result) }
            }
            if limited { answers.result.claimed = try claimLimited(free: turn.claimLimit, on: conn) }
        } catch {
            mainError = error
        }
        var applied = turn
        if let (other, answer) = sent {
            settleFinishing(turn, steps: finishing.all, sent: answer, on: other, applied: &applied)
        }
        if let mainError {
            // What the finisher settled stays settled; the failed part is the outer loop's to handle.
            if sent != nil {
                applied.heartbeat = nil
                let result = PoolStateMachine.TurnResult(handedBack: answers.result.handedBack)
                state.transition { ((), $0.apply(result, of: applied, now: Date())) }
            }
            throw mainError
        }
        if answers.kept < applied.completions.count {
            logger.warning(
                "completions fenced: leases had been taken over",
                metadata: ["count": "\(applied.completions.count - answers.kept)"])
        }
        state.transition { ((), $0.apply(answers.result, of: applied, now: Date())) }
        return answers.result.claimed.count
    }

    /// Reads the finisher's answers. When they fail, the finishing part leaves `applied`: completions the database
    /// refused are split (each sent alone, as a refused turn's are), or, when the connection broke, everything is
    /// given back for the next turn. Either way the outer loop no longer owns that part.
    private func settleFinishing(
        _ turn: Turn, steps: [Step], sent: Connection.SentPipeline, on other: Connection, applied: inout Turn
    ) {
        unsettled.completions = []
        unsettled.releases = []
        unsettled.failures = []
        do {
            for (step, result) in zip(steps, try other.receive(sent)) { try step.decode(result) }
            return
        } catch {
            var rest = turn
            rest.heartbeat = nil
            (applied.completions, applied.releases, applied.failures) = ([], [], [])
            if let error = error as? PostgresError, !error.isConnectionLost && other.isHealthy {
                logger.error("the database refused a batch of completions", metadata: ["error": "\(error)"])
                rest.completions = splitCompletions(turn.completions, on: other)
            } else {
                logger.warning("finisher connection lost", metadata: ["error": "\(error)"])
                finisher.drop()
            }
            giveBack(rest)
        }
    }

    /// A claim's jobs, in claim order; the last one is where the next claim starts.
    func takeClaimed(_ result: QueryResult, into answers: Answers) throws {
        answers.result.claimed += try result.rows.map(ClaimedJob.init(row:))
        if let last = result.rows.first {
            position = Claim.Position(
                priority: try last.decode(9), runAt: try last.decode(10), jobID: try last.decode(11))
        }
    }

    /// A claim from the remembered position, or from the front when `fromFront` or when it is time to rewind.
    func claimStatement(queues: [String]?, excluding: [String], limit: Int, fromFront: Bool = false) -> SQL {
        if Date().timeIntervalSince(rewoundAt) >= Claim.Position.rewindSeconds {
            rewoundAt = Date()
            position = .front
        }
        let start = fromFront ? Claim.Position.front : position
        return SQL(
            preparedSQL: Claim.statement(queues: queues),
            binds: [limit, config.leaseSeconds, config.owner, queues, excluding, pool.registry.kinds] + start.binds)
    }

    /// Claims queue by queue: each limited queue up to its room, then the other served queues with what is left.
    private func claimLimited(free: Int, on conn: Connection) throws -> [ClaimedJob] {
        let running = state.with { $0.heldPerQueue() }
        var remaining = free
        var claimed: [ClaimedJob] = []
        var limitedQueues: [String] = []
        for (queue, limit) in config.queueLimits.sorted(by: { $0.key < $1.key })
        where config.queues?.contains(queue) ?? true {
            limitedQueues.append(queue)
            let room = min(remaining, limit - (running[queue] ?? 0))
            guard room > 0 else { continue }
            // A position belongs to one set of queues: a limited queue's claim starts from the front.
            let jobs = try claim(claimStatement(queues: [queue], excluding: [], limit: room, fromFront: true), on: conn)
            claimed += try jobs.rows.map(ClaimedJob.init(row:))
            remaining -= jobs.count
        }
        if remaining > 0 {
            let jobs = try claim(
                claimStatement(queues: config.queues, excluding: limitedQueues, limit: remaining, fromFront: true),
                on: conn)
            claimed += try jobs.rows.map(ClaimedJob.init(row:))
        }
        return claimed
    }

    /// Runs one claim in a transaction of its own, planned once (`PlanOnce`).
    private func claim(_ statement: SQL, on conn: Connection) throws -> QueryResult {
        try conn.pipeline(Steps(plannedOnce: [Step(sql: statement) { _ in }]).all.map(\.sql))[1]
    }

    /// A turn the database refused: each completion is sent alone, so one the database cannot store (a result it
    /// refuses, such as a string with a NUL character) fails its own job, discarded with the database's error, and
    /// the others commit. Returns the completions still to send (all of them when the connection is in trouble).
    private func splitCompletions(_ completions: [PoolStateMachine.Finished], on conn: Connection)
        -> [PoolStateMachine.Finished]
    {
        var done: [PoolStateMachine.Finished] = []
        var refused: [PoolStateMachine.Failure] = []
        for (index, c) in completions.enumerated() {
            do {
                try conn.query(
                    SQL(unsafeSQL: Completion.completeMany, binds: [[c.id], [c.token.text], [c.result]]))
                done.append(c)
            } catch  where !error.isConnectionLost && conn.isHealthy {
                logger.error("the database refused a job's completion", metadata: ["job": "\(c.id)"])
                refused.append(
                    PoolStateMachine.Failure(
                        id: c.id, token: c.token,
                        message: "the database refused the job's completion: \(error.message)", verdict: .discard,
                        delay: 0))
            } catch {
                return Array(completions[index...])
            }
        }
        state.with { $0.applySplit(done: done, refused: refused) }
        return []
    }

    /// Puts a failed turn's work back so the next turn sends it again.
    private func giveBack(_ turn: Turn) {
        state.with { $0.giveBack(turn) }
    }

    /// Waits for a notification that is a reason for a turn, a thread finishing, or the poll interval. The wait
    /// still ends by the poll interval, so a flood of others' notifications delays no heartbeat.
    private func waitForWork(on conn: Connection) throws -> [ChannelNotification] {
        let until = Date().addingTimeInterval(max(0.001, min(config.pollSeconds, config.heartbeatSeconds)))
        while true {
            let notifications = try conn.waitForNotifications(timeout: max(0.001, until.timeIntervalSinceNow))
            guard !notifications.isEmpty, Date() < until else { return notifications }
            if wakes(notifications, on: conn) { return notifications }
        }
    }

    /// Whether notifications are a reason for a turn. Not for jobs in a queue this process does not serve (in a fleet
    /// split by queue an enqueue wakes only the processes that can claim the job), nor for tickets the roster gives
    /// another process (`Wakeup`). Tickets for this process beyond its free threads, or for a queue at its limit
    /// here, go on to the next process in line, so that none is used up by a process that cannot claim for it.
    private func wakes(_ notifications: [ChannelNotification], on conn: Connection) -> Bool {
        var wake = false
        var (free, held) = state.with { ($0.freeThreads, $0.heldPerQueue()) }
        var passOn: [Wakeup] = []
        for notification in notifications {
            guard notification.channel == Producer.jobsChannel else {
                wake = true
                continue
            }
            let wakeup = Wakeup(payload: notification.payload)
            if let queue = wakeup.queue, let served = config.queues, !served.contains(queue) { continue }
            guard roster.picks(config.owner, for: wakeup) else { continue }
            guard let queue = wakeup.queue, wakeup.ticket != nil else {
                wake = true
                continue
            }
            if free > 0 && held[queue, default: 0] < config.queueLimits[queue, default: .max] {
                free -= 1
                held[queue, default: 0] += 1
                wake = true
            } else if roster.passesOn(wakeup) {
                passOn.append(wakeup.passedOn())
            }
        }
        for wakeup in passOn {
            do {
                try conn.query(SQL(unsafeSQL: Self.passOn, binds: [wakeup.payload]))
            } catch {
                // The job is still listed: a poll claims it.
                logger.warning("could not pass a wake ticket on", metadata: ["error": "\(error)"])
                break
            }
        }
        return wake
    }

    /// A notification need not be durable: lost in a crash, its job waits for a poll.
    static let passOn = """
        SELECT set_config('synchronous_commit', 'off', true), pg_notify('\(Producer.jobsChannel)', $1)
        """

    /// Whether a cancel notification names a job this process holds. The notification is only a hint: anyone may
    /// send one, so the job stops only when the heartbeat it triggers reads `cancel_requested` from its row, which
    /// only an operator's `kinerja.cancel_jobs` sets.
    private func holdsCancelled(_ notifications: [ChannelNotification]) -> Bool {
        let ids = notifications.filter { $0.channel == WorkerPool.cancelChannel }.compactMap { Int64($0.payload) }
        guard !ids.isEmpty else { return false }
        return state.with { $0.holdsAny(ids) }
    }

    private func shouldExitIdle(turn: Turn, claimed: Int, on conn: Connection) throws -> Bool {
        guard config.exitWhenIdle, claimed == 0, turn.idle, state.with({ $0.held.isEmpty }) else { return false }
        let row = try conn.query(
            SQL(unsafeSQL: Claim.pendingWork, binds: [config.idleHorizonSeconds, config.queues, pool.registry.kinds])
        ).first
        return try row?.decode(0, as: Bool.self) == false
    }
}

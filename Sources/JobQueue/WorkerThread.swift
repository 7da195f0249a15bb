import Foundation
import Logging
import Postgres

/// One worker thread: takes claimed jobs from the pool, runs their handler on its own connection, and records the
/// outcome. Completions of handlers that did not complete in their own transaction go to the fetcher's batch.
struct WorkerThread {
    let pool: WorkerPool
    let index: Int
    var state: PoolState { pool.state }
    var logger: Logger { pool.logger }

    /// Connects first, then takes jobs: the fetcher claims only for threads that hold a connection, so a thread that
    /// cannot connect (the server is down, `max_connections` is reached) holds no job meanwhile.
    func run() {
        var conn: Connection?
        // One cancel handle per connection, not per job.
        var cancel: CancelHandle?
        while true {
            if conn?.isHealthy != true {
                if conn != nil { setConnected(false) }
                conn = Reconnect.connect(
                    pool.config.conninfo, name: "\(pool.config.name) worker \(index)", logger: logger
                ) {
                    pool.isStopping || state.locked { state.phase != .running && state.held.isEmpty }
                }
                guard let c = conn else { return }
                cancel = c.cancelHandle()
                setConnected(true)
            }
            guard let job = nextJob() else { break }
            // A connection the server closed while this thread waited: the job never started, so it goes back free.
            guard conn!.checkAlive() else {
                handBack(job)
                continue
            }
            execute(job, on: conn!, cancel: cancel!)
        }
        setConnected(false)
    }

    private func setConnected(_ connected: Bool) {
        state.locked { state.connectedThreads += connected ? 1 : -1 }
        if connected { state.wakeFetcher() }
    }

    /// Waits for a claimed job; nil once the pool stops and nothing is pending.
    private func nextJob() -> ClaimedJob? {
        state.locked {
            while state.pendingHead == state.pending.count {
                if state.phase != .running { return nil }
                state.cond.wait()
            }
            let job = state.pending[state.pendingHead]
            state.pendingHead += 1
            if state.pendingHead == state.pending.count {
                state.pending.removeAll(keepingCapacity: true)
                state.pendingHead = 0
            }
            return job
        }
    }

    private func execute(_ job: ClaimedJob, on conn: Connection, cancel: CancelHandle) {
        // The claim takes only registered kinds; a registry is fixed for the pool's life, so this cannot miss.
        let entry = pool.registry.entry(for: job.kind)!
        let timeout = job.timeoutSeconds ?? entry.timeoutSeconds
        guard
            let control = state.locked({ () -> JobControl? in
                var control: JobControl?
                state.updateHeld(job.id, job.leaseToken) { h in
                    h.started = true
                    h.startedAt = Date()
                    h.cancel = cancel
                    h.timeoutSeconds = timeout
                    h.deadline = Date().addingTimeInterval(Double(timeout))
                    control = h.control
                }
                return control
            })
        else { return }
        let context = JobContext(job: job, connection: conn, control: control)
        let outcome: Outcome
        do {
            let result = try entry.handler(context)
            outcome = context.completedInTransaction ? .completedInTransaction : .completed(result?.text)
        } catch {
            outcome = classify(error, job: job, control: control, connection: conn)
        }
        finish(job, outcome: outcome, on: conn)
    }

    enum Outcome {
        case completed(String?)
        case completedInTransaction
        /// Error text, what becomes of the job, seconds until a retry.
        case failed(String, FailureVerdict, Double)
        /// Give the job back without charging the attempt.
        case handBack
        /// Nothing to write: the lease is someone else's now.
        case abandon
        /// The connection went away mid-job: the attempt counts and its error is recorded, by the fetcher's
        /// connection, with the connection backoff.
        case connectionLost(String)
    }

    private func classify(_ error: any Error, job: ClaimedJob, control: JobControl, connection: Connection) -> Outcome {
        if control.stopReason == .shutdown { return .handBack }
        if !connection.isHealthy || (error as? PostgresError).map(Self.isConnectionClass) == true {
            return .connectionLost("connection lost while running: \(error)")
        }
        switch control.stopReason {
        case .cancelled?: return .failed("cancelled by an operator", .cancel, 0)
        case .timedOut(let seconds)?: return .failed("timed out after \(seconds) s", .retry, retryDelay(job))
        case .leaseLost?: return .abandon
        case .shutdown?: return .handBack
        case nil: break
        }
        if error is LeaseLostError { return .abandon }
        if let permanent = error as? PermanentJobError { return .failed(permanent.message, .discard, 0) }
        return .failed(String(describing: error), .retry, retryDelay(job))
    }

    private func retryDelay(_ job: ClaimedJob) -> Double { pool.config.retry.delay(afterAttempt: job.attempt) }

    /// Errors of the database going away or refusing connections: SQLSTATE classes 08 (connection), 53 (resources:
    /// too many connections) and 57 (operator intervention: shutdown, terminated backend).
    static func isConnectionClass(_ error: PostgresError) -> Bool {
        if error.kind == .connection { return true }
        guard let state = error.sqlState else { return false }
        return ["08", "53", "57"].contains(String(state.prefix(2))) && state != "57014"
    }

    private func finish(_ job: ClaimedJob, outcome: Outcome, on conn: Connection) {
        // The handler is done: from now on the connection runs the next job's statements, which this job's deadline
        // or cancel request must not cancel (its entry stays held until the fetcher's batch completes it).
        state.locked {
            var started: Date?
            state.updateHeld(job.id, job.leaseToken) { h in
                h.cancel = nil
                h.deadline = nil
                started = h.startedAt
            }
            if let started { state.sizer.record(kind: job.kind, seconds: Date().timeIntervalSince(started)) }
            if case .completed(let result) = outcome {
                state.completions.append(.init(id: job.id, token: job.leaseToken, result: result))
            }
        }
        switch outcome {
        case .completed:
            break
        case .completedInTransaction:
            state.locked {
                state.dropHeld(job.id, job.leaseToken)
                state.processed += 1
            }
        case .failed(let message, let verdict, let delay):
            logger.warning(
                "job failed",
                metadata: [
                    "id": "\(job.id)", "kind": "\(job.kind)", "attempt": "\(job.attempt)",
                    "outcome": "\(verdict.rawValue)", "error": "\(message)",
                ])
            do {
                try conn.query(
                    SQL(
                        unsafeSQL: Completion.fail,
                        binds: [job.id, job.leaseToken, message, pool.config.owner, verdict, delay]))
                state.locked {
                    state.dropHeld(job.id, job.leaseToken)
                    state.failed += 1
                }
            } catch {
                // The attempt still counts: the fetcher records it on its connection.
                state.locked {
                    state.failures.append(
                        .init(id: job.id, token: job.leaseToken, message: message, verdict: verdict, delay: delay))
                }
                state.wakeFetcher()
            }
        case .handBack:
            handBack(job)
        case .abandon:
            state.locked { state.dropHeld(job.id, job.leaseToken) }
        case .connectionLost(let message):
            logger.warning(
                "job lost its connection",
                metadata: [
                    "id": "\(job.id)", "kind": "\(job.kind)", "attempt": "\(job.attempt)", "error": "\(message)",
                ])
            let delay = pool.config.connectionRetry.delay(afterAttempt: job.attempt)
            state.locked {
                state.failures.append(
                    .init(id: job.id, token: job.leaseToken, message: message, verdict: .retry, delay: delay))
            }
            state.wakeFetcher()
        }
        state.locked { state.finishedSinceTurn += 1 }
        state.wakeFetcherIfWaiting()
    }

    /// Queues the job for the fetcher to hand back (its connection is the one known to work).
    private func handBack(_ job: ClaimedJob) {
        state.locked { state.releases.append((job.id, job.leaseToken)) }
        state.wakeFetcher()
    }
}

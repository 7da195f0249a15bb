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
    /// cannot connect (the server is down, `max_connections` is reached) holds no job meanwhile. A thread connects
    /// only once work waits for it (`PoolStateMachine.threadsWanted`); until then it holds no connection.
    func run() {
        guard state.waitToConnect(index) else { return }
        var conn: Connection?
        // One cancel handle per connection, not per job.
        var cancel: CancelHandle?
        while true {
            if conn?.isHealthy != true {
                if conn != nil { setConnected(false) }
                conn = Reconnect.connect(
                    pool.config.conninfo, name: "\(pool.config.name) worker \(index)", logger: logger
                ) {
                    pool.isStopping || state.with { $0.isShutDown }
                }
                guard let c = conn else { return }
                cancel = c.cancelHandle()
                setConnected(true)
            }
            guard let job = state.nextJob() else { break }
            // A connection the server closed while this thread waited: the job never started, so it goes back free.
            guard conn!.checkAlive() else {
                state.transition { ((), $0.handBackUnstarted(job)) }
                continue
            }
            execute(job, on: conn!, cancel: cancel!)
        }
        setConnected(false)
    }

    private func setConnected(_ connected: Bool) {
        state.transition { ((), $0.threadConnected(connected)) }
    }

    private func execute(_ job: ClaimedJob, on conn: Connection, cancel: CancelHandle) {
        // The claim takes only registered kinds; a registry is fixed for the pool's life, so this cannot miss.
        let entry = pool.registry.entry(for: job.kind)!
        let timeout = job.timeoutSeconds ?? entry.timeoutSeconds
        guard let control = state.transition({ $0.start(job, cancel: cancel, timeoutSeconds: timeout, now: Date()) })
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
        var result: String??
        if case .completed(let text) = outcome { result = .some(text) }
        state.with { $0.handlerReturned(job, completedWith: result, now: Date()) }
        let ending: PoolStateMachine.Ending
        switch outcome {
        case .completed:
            ending = .completed
        case .completedInTransaction:
            ending = .completedInTransaction
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
                ending = .failureWritten
            } catch {
                // The attempt still counts: the fetcher records it on its connection.
                ending = .failureToWrite(
                    .init(id: job.id, token: job.leaseToken, message: message, verdict: verdict, delay: delay))
            }
        case .handBack:
            ending = .handBack
        case .abandon:
            ending = .abandon
        case .connectionLost(let message):
            logger.warning(
                "job lost its connection",
                metadata: [
                    "id": "\(job.id)", "kind": "\(job.kind)", "attempt": "\(job.attempt)", "error": "\(message)",
                ])
            let delay = pool.config.connectionRetry.delay(afterAttempt: job.attempt)
            ending = .failureToWrite(
                .init(id: job.id, token: job.leaseToken, message: message, verdict: .retry, delay: delay))
        }
        state.transition { ((), $0.attemptEnded(job, ending)) }
    }
}

import Foundation
import Postgres

/// What a handler gets: the job, the worker thread's own connection, a progress reporter and a stop flag.
public final class JobContext {
    public let job: ClaimedJob
    /// The worker's own connection. Use it on this thread only, for the duration of the handler.
    public let connection: Connection
    let control: JobControl
    /// Set when the handler completed the job inside its own transaction.
    private(set) var completedInTransaction = false

    init(job: ClaimedJob, connection: Connection, control: JobControl) {
        self.job = job
        self.connection = connection
        self.control = control
    }

    /// True when this attempt may repeat work an earlier one did: an earlier attempt was claimed (and may have run
    /// part or all of the handler before its worker died, its connection dropped or its completion was lost).
    ///
    /// A handler whose effects commit with the completion (`completeInTransaction`) never sees its own effects
    /// twice. Others should key their effects by job id when `mayBeRepeated`. A claim committed without a WAL flush
    /// and lost in a server crash is not an earlier attempt: any effect a handler committed after that claim
    /// flushed the WAL up to and past it, so a lost claim means no effect survived either.
    public var mayBeRepeated: Bool { job.attempt > 1 }

    /// True once the job was cancelled, timed out, lost its lease, or the worker is stopping now.
    public var isCancelled: Bool { control.stopReason != nil }

    /// Throws `JobCancelledError` when the job should stop; call it between units of work.
    public func checkCancellation() throws {
        if let reason = control.stopReason { throw JobCancelledError(reason: reason) }
    }

    /// Records progress; it is written with the next heartbeat (about once a second), not on every call.
    public func reportProgress(done: Int64, total: Int64? = nil) {
        control.setProgress(done: done, total: total)
    }

    /// Runs `body` in a transaction that also completes the job, so results and completion commit together.
    /// When the lease no longer matches, nothing of `body` is kept and `LeaseLostError` is thrown.
    @discardableResult
    public func completeInTransaction<T>(_ body: (Connection) throws -> (value: T, result: JSONText?)) throws -> T {
        let value = try connection.transaction { conn -> T in
            let (value, result) = try body(conn)
            try checkCancellation()
            let progress = control.takeProgress()
            let updated = try conn.execute(
                SQL(
                    unsafeSQL: Completion.completeOne,
                    binds: [job.id, job.leaseToken, result, progress?.done, progress?.total]))
            guard updated == 1 else { throw LeaseLostError(jobID: job.id) }
            return value
        }
        completedInTransaction = true
        return value
    }
}

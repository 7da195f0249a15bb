import Foundation
import Postgres

/// What the threads of one worker process share, guarded by one condition variable. Kept small: the fetcher
/// thread and the worker threads only exchange claimed jobs, finished results and the shutdown phase here.
final class PoolState: @unchecked Sendable {
    // @unchecked: every stored property below is read and written only while `cond` is locked.
    enum Phase: Equatable {
        case running
        /// Stop claiming; running jobs may finish until the deadline.
        case draining(deadline: Date)
        /// Stop running jobs now and hand them back.
        case stopping
    }

    /// A job this process holds a lease on, from claim until its end is written.
    struct Held {
        let job: ClaimedJob
        let control: JobControl
        var cancel: CancelHandle?
        var started = false
    }

    struct Finished {
        let id: Int64
        let token: LeaseToken
        let result: String?
    }

    let cond = NSCondition()
    var phase = Phase.running
    var pending: [ClaimedJob] = []
    var held: [Int64: Held] = [:]
    var completions: [Finished] = []
    /// Jobs to hand back to the queue without charging the attempt.
    var releases: [(id: Int64, token: LeaseToken)] = []
    var wake: NotificationInterrupter?
    var processed = 0
    var failed = 0

    func locked<T>(_ body: () throws -> T) rethrows -> T {
        cond.lock()
        defer { cond.unlock() }
        return try body()
    }

    /// Wakes the fetcher thread from its wait for notifications.
    func wakeFetcher() {
        locked { wake }?.interrupt()
    }
}

import Foundation
import Postgres

/// What the threads of one worker process share, guarded by one condition variable: claimed jobs, the jobs held
/// (with their controls, deadlines and cancel handles), finished results, and the shutdown phase.
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
        /// When the claim came back; a job not started within the start deadline goes back to the queue.
        let claimedAt: Date
        var cancel: CancelHandle?
        var started = false
        /// When a thread started it, for the claim sizer.
        var startedAt: Date?
        /// When a started job's attempt times out; the fetcher checks it every turn (about once a second).
        var deadline: Date?
        var timeoutSeconds = 0
    }

    struct Finished {
        let id: Int64
        let token: LeaseToken
        let result: String?
    }

    /// A failed attempt to record (`Completion.fail`).
    struct Failure {
        let id: Int64
        let token: LeaseToken
        let message: String
        let verdict: FailureVerdict
        let delay: Double
    }

    let cond = NSCondition()
    var phase = Phase.running
    /// Claimed jobs not yet started: `pending[pendingHead...]` (a head index, so taking one is O(1)).
    var pending: [ClaimedJob] = []
    var pendingHead = 0
    var held: [Int64: Held] = [:]
    var completions: [Finished] = []
    /// Jobs to hand back to the queue without charging the attempt.
    var releases: [(id: Int64, token: LeaseToken)] = []
    /// Jobs the database took back from this process (a hand-back), for the goodbye line of a shutdown.
    var handedBack: [Int64] = []
    /// Failed attempts whose worker lost its connection: the fetcher records them on its own.
    var failures: [Failure] = []
    var wake: NotificationInterrupter?
    /// True while the fetcher waits for notifications: only then do finishing workers need to wake it.
    var fetcherWaiting = false
    /// Jobs that ended since the fetcher's last turn: a free slot means the fetcher should not wait.
    var finishedSinceTurn = 0
    var processed = 0
    var failed = 0
    /// Worker threads that hold a working connection: the fetcher claims only for these.
    var connectedThreads = 0
    /// How many jobs to claim ahead of free threads when the configuration does not fix it.
    var sizer: ClaimSizer
    /// The prefetch of the latest claim (fixed or sized).
    var lastPrefetch = 0

    init(sizer: ClaimSizer) { self.sizer = sizer }

    func locked<T>(_ body: () throws -> T) rethrows -> T {
        cond.lock()
        defer { cond.unlock() }
        return try body()
    }

    /// Wakes the fetcher thread from its wait for notifications.
    func wakeFetcher() {
        locked { wake }?.interrupt()
    }

    /// Wakes the fetcher only if it is waiting: a busy fetcher sees finished work on its next turn anyway, and a
    /// pipe write per job would cost a system call each.
    func wakeFetcherIfWaiting() {
        locked { () -> NotificationInterrupter? in
            guard fetcherWaiting else { return nil }
            fetcherWaiting = false
            return wake
        }?.interrupt()
    }

    /// Changes the held entry of one attempt (the job id and its lease token). A job whose lease ran out can be
    /// claimed again by this same process while the old attempt's thread still runs; the new claim's entry has the
    /// same id, and the old attempt must not touch it (nor drop it: the new attempt would lose its heartbeats).
    func updateHeld(_ id: Int64, _ token: LeaseToken, _ change: (inout Held) -> Void) {
        guard var h = held[id], h.job.leaseToken == token else { return }
        change(&h)
        held[id] = h
    }

    /// Drops the held entry of one attempt, if it is still this attempt's.
    func dropHeld(_ id: Int64, _ token: LeaseToken) {
        if held[id]?.job.leaseToken == token { held[id] = nil }
    }

    /// The claimed jobs not yet started, taken out of the pending list.
    func takePending() -> [ClaimedJob] {
        let jobs = Array(pending[pendingHead...])
        pending.removeAll(keepingCapacity: true)
        pendingHead = 0
        return jobs
    }

    /// Takes out the claimed jobs that waited longer than `seconds` for a thread.
    func takePending(claimedBefore cutoff: Date) -> [ClaimedJob] {
        let waiting = pending[pendingHead...]
        let stale = waiting.filter { (held[$0.id]?.claimedAt ?? cutoff) < cutoff }
        guard !stale.isEmpty else { return [] }
        pending = waiting.filter { (held[$0.id]?.claimedAt ?? cutoff) >= cutoff }
        pendingHead = 0
        return stale
    }
}

import Foundation
import Postgres

/// The shared state of one worker process's pool as a value, and every decision the fetcher and the worker threads
/// make on it: which jobs a turn completes, hands back or heartbeats, how many it claims, which job a thread runs
/// next, what a finished job leaves behind, when the pool stops. No lock, no I/O: each method changes the value and
/// returns the actions to perform (wake the fetcher, wake waiting threads, stop a job). `PoolState` holds one behind
/// its condition variable and performs them; the unit tests drive it directly.
struct PoolStateMachine {
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
        /// When its lease was last set, by the claim or by a heartbeat the database answered.
        var leaseSetAt: Date
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

    /// What the caller does after a transition, in this order, while it still holds the lock for `stop` (a job's
    /// cancel handle belongs to its connection only until the job's thread clears it, under the same lock).
    enum Action {
        /// Stop a job: set its stop reason and cancel the statement its connection runs.
        case stop(JobControl, CancelHandle?, JobControl.StopReason)
        /// Wake threads waiting for a job or for the pool to stop.
        case wakeWorkers
        /// Interrupt the fetcher's wait for notifications.
        case wakeFetcher
    }

    /// What a fetcher turn sends in one round trip.
    struct Turn {
        var completions: [Finished] = []
        var releases: [(id: Int64, token: LeaseToken)] = []
        var failures: [Failure] = []
        var heartbeat: [(id: Int64, token: LeaseToken, done: Int64?, total: Int64?)]?
        /// Threads with a connection, for the worker registry (sent with each heartbeat).
        var connectedThreads = 0
        var claimLimit = 0
        var finishedShutdown = false
        var idle = false
    }

    /// What the database answered to a turn.
    struct TurnResult {
        /// Jobs the database handed back (their ids), for the goodbye line of a shutdown.
        var handedBack: [Int64] = []
        /// Per heartbeated job: whether an operator asked to cancel it; absent: the lease is no longer ours.
        var alive: [Int64: Bool] = [:]
        var claimed: [ClaimedJob] = []
    }

    /// How a job's attempt ended, as the thread that ran it knows after writing what it could.
    enum Ending {
        /// The fetcher's next batch completes it (`handlerReturned` queued the completion).
        case completed
        /// The handler completed it in its own transaction.
        case completedInTransaction
        /// The thread wrote the failure itself.
        case failureWritten
        /// The fetcher writes the failure (the thread's write failed, or its connection went away).
        case failureToWrite(Failure)
        /// Give the job back without charging the attempt.
        case handBack
        /// Nothing to write: the lease is someone else's now.
        case abandon
    }

    /// The fixed settings the transitions use.
    struct Settings {
        var concurrency: Int
        /// A claimed job no thread started this long after its claim goes back (threads without a connection).
        var startDeadlineSeconds: Double
        /// Jobs to claim beyond free threads; nil: sized by the `ClaimSizer`.
        var prefetch: Int?
    }

    let settings: Settings
    private(set) var phase = Phase.running
    /// Claimed jobs not yet started: `pending[pendingHead...]` (a head index, so taking one is O(1)).
    private var pending: [ClaimedJob] = []
    private var pendingHead = 0
    private(set) var held: [Int64: Held] = [:]
    private var completions: [Finished] = []
    /// Jobs to hand back to the queue without charging the attempt.
    private var releases: [(id: Int64, token: LeaseToken)] = []
    /// Jobs the database took back from this process (a hand-back), for the goodbye line of a shutdown.
    private(set) var handedBack: [Int64] = []
    /// Failed attempts whose thread could not record them: the fetcher records them on its own connection.
    private var failures: [Failure] = []
    /// True while the fetcher waits for notifications: only then do finishing threads need to wake it.
    private var fetcherWaiting = false
    /// Jobs that ended since the fetcher's last turn: a free slot means the fetcher should not wait.
    private var finishedSinceTurn = 0
    private(set) var processed = 0
    private(set) var failed = 0
    /// Worker threads that hold a working connection: the fetcher claims only for these.
    private(set) var connectedThreads = 0
    /// Worker threads that may connect (those with a lower index): one at first, more as work waits for a thread
    /// (`growForWork`), never fewer. A process of tiny jobs holds two connections for its threads, not `concurrency`.
    private(set) var threadsWanted: Int
    /// Jobs whose handler is running now.
    private var running = 0
    /// How many jobs to claim ahead of free threads when the settings do not fix it.
    private var sizer: ClaimSizer
    /// The prefetch of the latest claim (fixed or sized).
    private(set) var lastPrefetch = 0
    /// Fetcher turns taken, for tests of what wakes the fetcher.
    private(set) var turns = 0

    init(settings: Settings, sizer: ClaimSizer) {
        self.settings = settings
        self.sizer = sizer
        threadsWanted = min(1, settings.concurrency)
    }

    var pendingCount: Int { pending.count - pendingHead }

    // MARK: The fetcher

    /// How long a lease runs before a heartbeat extends it: a third of it. A job claimed moments ago needs no new
    /// lease, and every extension is a row version and an index entry (the lease's expiry is indexed): a process
    /// holding a claim's worth of short jobs extended every one of them each second, 508 rows while one `worker
    /// --concurrency 8` ran 40 000 no-op jobs, 2 642 for ten of four. Two thirds of a lease are still left when it
    /// is extended. A heartbeat the fetcher asks for after a cancel notification or on a new connection
    /// (`everyLease`) carries every job; a job with progress to write is carried too.
    var leaseAge: Double { sizer.leaseSeconds / 3 }

    /// Takes what the fetcher sends this turn: finished work, hand-backs of jobs no thread will start, the
    /// heartbeat when due, and a claim for free threads plus the prefetch. Stops jobs past their deadline, and every
    /// job once the pool is stopping.
    mutating func prepareTurn(now: Date, heartbeatDue: Bool, everyLease: Bool = false) -> (Turn, [Action]) {
        turns += 1
        var actions: [Action] = []
        switch phase {
        case .running:
            // Jobs no thread could start (threads without a connection) go back for other hosts; their leases are
            // no longer extended.
            if connectedThreads < settings.concurrency {
                let cutoff = now.addingTimeInterval(-settings.startDeadlineSeconds)
                for job in takePending(claimedBefore: cutoff) { releases.append((job.id, job.leaseToken)) }
            }
        case .draining(let deadline):
            // Jobs claimed but not started go back at once; running ones get until the deadline.
            for job in takePending() { releases.append((job.id, job.leaseToken)) }
            if now >= deadline {
                phase = .stopping
                actions.append(.wakeWorkers)
            }
        case .stopping:
            for job in takePending() { releases.append((job.id, job.leaseToken)) }
        }
        for h in held.values where h.started && h.control.stopReason == nil {
            guard let deadline = h.deadline, deadline <= now else { continue }
            actions.append(.stop(h.control, h.cancel, .timedOut(h.timeoutSeconds)))
        }
        if phase == .stopping {
            for h in held.values where h.control.stopReason == nil {
                guard !(h.started && h.deadline.map { $0 <= now } == true) else { continue }
                actions.append(.stop(h.control, h.cancel, .shutdown))
            }
        }
        var turn = Turn()
        finishedSinceTurn = 0
        (turn.completions, completions) = (completions, [])
        (turn.releases, releases) = (releases, [])
        (turn.failures, failures) = (failures, [])
        let finishing = Set(turn.completions.map(\.id)).union(turn.releases.map(\.id)).union(turn.failures.map(\.id))
        if heartbeatDue {
            turn.heartbeat = held.values.filter { !finishing.contains($0.job.id) }.compactMap { h in
                let progress = h.control.takeProgress()
                guard everyLease || progress != nil || now.timeIntervalSince(h.leaseSetAt) >= leaseAge else {
                    return nil
                }
                return (h.job.id, h.job.leaseToken, progress?.done, progress?.total)
            }
        }
        // Claims only for threads that can run them: a thread without a connection gets none.
        let threads = min(settings.concurrency, connectedThreads)
        if phase == .running && threads > 0 {
            let prefetch = settings.prefetch ?? sizer.prefetch(at: now)
            lastPrefetch = prefetch
            turn.claimLimit = max(0, threads + prefetch - (held.count - finishing.count))
        }
        turn.connectedThreads = connectedThreads
        turn.idle = held.count == finishing.count
        turn.finishedShutdown = phase != .running && turn.idle
        return (turn, actions)
    }

    /// Applies what the database answered to `turn`: finished jobs leave, heartbeats that found the lease gone or a
    /// cancel request stop their job, claimed jobs wait for a thread.
    mutating func apply(_ result: TurnResult, of turn: Turn, now: Date) -> [Action] {
        for c in turn.completions {
            dropHeld(c.id, c.token)
            processed += 1
        }
        for r in turn.releases { dropHeld(r.id, r.token) }
        handedBack += result.handedBack
        for f in turn.failures {
            dropHeld(f.id, f.token)
            failed += 1
        }
        var actions: [Action] = []
        for beat in turn.heartbeat ?? [] {
            guard let h = held[beat.id], h.job.leaseToken == beat.token else { continue }
            if result.alive[beat.id] != nil { held[beat.id]?.leaseSetAt = now }
            switch result.alive[beat.id] {
            case nil: actions.append(.stop(h.control, h.cancel, .leaseLost))
            case true?: actions.append(.stop(h.control, h.cancel, .cancelled))
            case false?: continue
            }
        }
        for job in result.claimed {
            held[job.id] = Held(job: job, control: JobControl(), claimedAt: now, leaseSetAt: now)
            pending.append(job)
        }
        if !result.claimed.isEmpty { actions.append(.wakeWorkers) }
        return actions
    }

    /// A turn's completions sent one by one after the database refused the batch: those it took are done, those it
    /// refused become failures the next turn writes.
    mutating func applySplit(done: [Finished], refused: [Failure]) {
        for c in done {
            dropHeld(c.id, c.token)
            processed += 1
        }
        failures += refused
    }

    /// Puts a turn that did not reach the database back, first in line for the next turn.
    mutating func giveBack(_ turn: Turn) {
        completions.insert(contentsOf: turn.completions, at: 0)
        releases.insert(contentsOf: turn.releases, at: 0)
        failures.insert(contentsOf: turn.failures, at: 0)
    }

    /// Whether the fetcher may wait for notifications: only when nothing finished since its turn. If so, it is
    /// marked waiting, and the next job to end wakes it.
    mutating func fetcherMayWait() -> Bool {
        guard completions.isEmpty && releases.isEmpty && failures.isEmpty && finishedSinceTurn == 0 else {
            return false
        }
        fetcherWaiting = true
        return true
    }

    mutating func fetcherWoke() { fetcherWaiting = false }

    /// Threads free for a job now: a wake ticket is claimed for only so many, and passed on otherwise.
    var freeThreads: Int {
        phase == .running ? max(0, min(settings.concurrency, connectedThreads) - held.count) : 0
    }

    /// Whether any of these jobs is held here (a cancel notification names jobs by id).
    func holdsAny(_ ids: [Int64]) -> Bool { ids.contains { held[$0] != nil } }

    /// Held jobs per queue, for per-queue limits.
    func heldPerQueue() -> [String: Int] { Dictionary(grouping: held.values, by: \.job.queue).mapValues(\.count) }

    /// While the fetcher has no connection: whether to stop waiting for one (stopping, and nothing held or
    /// `giveUp` passed). Moves a draining pool past its deadline to stopping.
    mutating func stopsWhileDisconnected(now: Date, giveUp: inout Date?) -> (Bool, [Action]) {
        var actions: [Action] = []
        if case .draining(let deadline) = phase, now >= deadline {
            phase = .stopping
            actions.append(.wakeWorkers)
        }
        guard phase == .stopping else { return (false, actions) }
        giveUp = giveUp ?? now.addingTimeInterval(10)
        return (held.isEmpty || now >= giveUp!, actions)
    }

    // MARK: Shutdown

    /// First SIGTERM: stop claiming; returns the started jobs that may finish until `deadline`.
    mutating func drain(deadline: Date) -> ([Int64], [Action]) {
        if phase == .running { phase = .draining(deadline: deadline) }
        return (held.values.filter(\.started).map(\.job.id).sorted(), [.wakeWorkers])
    }

    /// Stop now (a second signal, an idle exit, the fetcher's end).
    mutating func stop() -> [Action] {
        phase = .stopping
        return [.wakeWorkers]
    }

    /// Stops every held job.
    func stopAll(_ reason: JobControl.StopReason) -> [Action] {
        held.values.map { .stop($0.control, $0.cancel, reason) }
    }

    // MARK: The worker threads

    /// Whether the thread with this index may connect (and so be given jobs).
    func mayConnect(_ index: Int) -> Bool { index < threadsWanted }

    /// Lets one more thread connect when a job begins (`started`, after waiting `waited` seconds since its claim)
    /// on the last free wanted thread, and either its kind is long or not yet known, or it waited for a thread
    /// longer than `ClaimSizer.aheadSeconds` (the time a claim's prefetch is sized to cover). What has happened, not a
    /// forecast: a first slow run of a kind of tiny jobs would otherwise connect every thread for good. A thread that
    /// connects for nothing costs a connection; a job waiting for a thread that never connects costs its whole run.
    private mutating func growForWork(started job: ClaimedJob, waited: Double) -> [Action] {
        guard phase == .running, threadsWanted < settings.concurrency, running >= threadsWanted,
            !sizer.isShort(job.kind) || waited > ClaimSizer.aheadSeconds
        else { return [] }
        threadsWanted += 1
        return [.wakeWorkers]
    }

    /// A thread's connection came up (it may now be given jobs) or went down.
    mutating func threadConnected(_ connected: Bool) -> [Action] {
        connectedThreads += connected ? 1 : -1
        return connected ? [.wakeFetcher] : []
    }

    /// What a thread asking for work gets.
    enum Take {
        case job(ClaimedJob)
        /// Nothing pending: wait until woken.
        case wait
        /// The pool stops: the thread ends.
        case stop
    }

    mutating func takeJob() -> Take {
        guard pendingHead < pending.count else { return phase == .running ? .wait : .stop }
        let job = pending[pendingHead]
        pendingHead += 1
        if pendingHead == pending.count {
            pending.removeAll(keepingCapacity: true)
            pendingHead = 0
        }
        return .job(job)
    }

    /// Whether a thread without a connection should stop trying: the pool is shutting down and holds nothing.
    var isShutDown: Bool { phase != .running && held.isEmpty }

    /// A thread starts `job`: returns its control, or nil when this attempt's lease is no longer held here.
    mutating func start(_ job: ClaimedJob, cancel: CancelHandle?, timeoutSeconds: Int, now: Date) -> (
        JobControl?, [Action]
    ) {
        var control: JobControl?
        var waited = 0.0
        updateHeld(job.id, job.leaseToken) { h in
            waited = now.timeIntervalSince(h.claimedAt)
            h.started = true
            h.startedAt = now
            h.cancel = cancel
            h.timeoutSeconds = timeoutSeconds
            h.deadline = now.addingTimeInterval(Double(timeoutSeconds))
            control = h.control
        }
        guard control != nil else { return (nil, []) }
        running += 1
        return (control, growForWork(started: job, waited: waited))
    }

    /// The handler of `job` returned: its connection now runs other statements, which this job's deadline or
    /// cancel request must not cancel; its run time goes to the claim sizer; a completion joins the next batch.
    mutating func handlerReturned(_ job: ClaimedJob, completedWith result: String??, now: Date) {
        var started: Date?
        updateHeld(job.id, job.leaseToken) { h in
            h.cancel = nil
            h.deadline = nil
            started = h.startedAt
        }
        // Called once for each job `start` gave a control, whether or not its entry is still this attempt's.
        running -= 1
        if let started { sizer.record(kind: job.kind, seconds: now.timeIntervalSince(started), at: now) }
        if case .some(let result) = result {
            completions.append(Finished(id: job.id, token: job.leaseToken, result: result))
        }
    }

    /// The attempt of `job` is over as far as its thread goes.
    mutating func attemptEnded(_ job: ClaimedJob, _ ending: Ending) -> [Action] {
        // Work the fetcher must send wakes it at once; otherwise only a fetcher waiting for notifications is woken.
        var wake = fetcherWaiting
        switch ending {
        case .completed:
            break
        case .completedInTransaction:
            dropHeld(job.id, job.leaseToken)
            processed += 1
        case .failureWritten:
            dropHeld(job.id, job.leaseToken)
            failed += 1
        case .failureToWrite(let failure):
            failures.append(failure)
            wake = true
        case .handBack:
            releases.append((job.id, job.leaseToken))
            wake = true
        case .abandon:
            dropHeld(job.id, job.leaseToken)
        }
        finishedSinceTurn += 1
        fetcherWaiting = false
        return wake ? [.wakeFetcher] : []
    }

    /// A job a thread took but cannot start (its connection died while it waited): back to the queue, uncharged.
    mutating func handBackUnstarted(_ job: ClaimedJob) -> [Action] {
        releases.append((job.id, job.leaseToken))
        return [.wakeFetcher]
    }

    // MARK: Held entries

    /// Changes the held entry of one attempt (the job id and its lease token). A job whose lease ran out can be
    /// claimed again by this same process while the old attempt's thread still runs; the new claim's entry has the
    /// same id, and the old attempt must not touch it (nor drop it: the new attempt would lose its heartbeats).
    private mutating func updateHeld(_ id: Int64, _ token: LeaseToken, _ change: (inout Held) -> Void) {
        guard var h = held[id], h.job.leaseToken == token else { return }
        change(&h)
        held[id] = h
    }

    /// Drops the held entry of one attempt, if it is still this attempt's.
    private mutating func dropHeld(_ id: Int64, _ token: LeaseToken) {
        if held[id]?.job.leaseToken == token { held[id] = nil }
    }

    /// The claimed jobs not yet started, taken out of the pending list.
    private mutating func takePending() -> [ClaimedJob] {
        let jobs = Array(pending[pendingHead...])
        pending.removeAll(keepingCapacity: true)
        pendingHead = 0
        return jobs
    }

    /// Takes out the claimed jobs that waited longer than until `cutoff` for a thread.
    private mutating func takePending(claimedBefore cutoff: Date) -> [ClaimedJob] {
        let waiting = pending[pendingHead...]
        let stale = waiting.filter { (held[$0.id]?.claimedAt ?? cutoff) < cutoff }
        guard !stale.isEmpty else { return [] }
        pending = waiting.filter { (held[$0.id]?.claimedAt ?? cutoff) >= cutoff }
        pendingHead = 0
        return stale
    }
}

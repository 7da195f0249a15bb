import Foundation
import Testing

@testable import JobQueue

/// The pool's shared state driven directly, without threads or a database: each test plays the fetcher's turns and
/// the worker threads' calls in one order and checks what the machine decides.
@Suite("the worker pool's state machine")
struct PoolStateMachineTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func machine(concurrency: Int = 2, prefetch: Int? = 0) -> PoolStateMachine {
        PoolStateMachine(
            settings: .init(concurrency: concurrency, startDeadlineSeconds: 5, prefetch: prefetch),
            sizer: ClaimSizer(concurrency: concurrency, leaseSeconds: 30))
    }

    static func job(_ id: Int64, token: String? = nil, queue: String = "q") -> ClaimedJob {
        ClaimedJob(id: id, kind: "noop", queue: queue, leaseToken: LeaseToken(text: token ?? "t\(id)"))
    }

    /// Connects `threads` threads and claims `jobs` in one turn.
    static func claimed(_ m: inout PoolStateMachine, _ jobs: [ClaimedJob], threads: Int = 2, now: Date) {
        for _ in 0..<threads { _ = m.threadConnected(true) }
        let (turn, _) = m.prepareTurn(now: now, heartbeatDue: false)
        _ = m.apply(.init(claimed: jobs), of: turn, now: now)
    }

    /// Claims `jobs` as `claimed` does, and a thread takes and starts the first.
    static func started(
        _ m: inout PoolStateMachine, _ jobs: [ClaimedJob], threads: Int = 2, timeout: Int = 60, now: Date
    ) {
        claimed(&m, jobs, threads: threads, now: now)
        _ = m.takeJob()
        _ = m.start(jobs[0], cancel: nil, timeoutSeconds: timeout, now: now)
    }

    static func stops(_ actions: [PoolStateMachine.Action]) -> [JobControl.StopReason] {
        actions.compactMap { if case .stop(_, _, let reason) = $0 { reason } else { nil } }
    }

    static func wakesFetcher(_ actions: [PoolStateMachine.Action]) -> Bool {
        actions.contains { if case .wakeFetcher = $0 { true } else { false } }
    }

    @Test("claims only for connected threads, free slots plus the prefetch; none while no thread has a connection")
    func claimLimit() {
        var m = Self.machine(concurrency: 4, prefetch: 3)
        let none = m.prepareTurn(now: now, heartbeatDue: false).0
        #expect(none.claimLimit == 0)
        _ = m.threadConnected(true)
        _ = m.threadConnected(true)
        let (turn, _) = m.prepareTurn(now: now, heartbeatDue: false)
        #expect(turn.claimLimit == 5)  // 2 connected threads + 3 ahead
        _ = m.apply(.init(claimed: [Self.job(1), Self.job(2)]), of: turn, now: now)
        let next = m.prepareTurn(now: now, heartbeatDue: false).0
        #expect(next.claimLimit == 3)
    }

    @Test("a claimed job goes to one thread, in claim order; a thread waits when none is pending")
    func threadsTakeInOrder() {
        var m = Self.machine()
        Self.claimed(&m, [Self.job(1), Self.job(2)], now: now)
        guard case .job(let first) = m.takeJob(), case .job(let second) = m.takeJob() else {
            Issue.record("no job")
            return
        }
        #expect([first.id, second.id] == [1, 2])
        guard case .wait = m.takeJob() else {
            Issue.record("a thread should wait")
            return
        }
    }

    @Test("a completed job goes into the next turn's batch once, and leaves the held set when the batch is applied")
    func completionBatch() {
        var m = Self.machine()
        let job = Self.job(7)
        Self.started(&m, [job], now: now)
        m.handlerReturned(job, completedWith: .some("{}"), now: now.addingTimeInterval(0.01))
        _ = m.attemptEnded(job, .completed)
        let (turn, _) = m.prepareTurn(now: now, heartbeatDue: true)
        #expect(turn.completions.map(\.id) == [7])
        #expect(turn.heartbeat?.isEmpty == true)  // a finishing job is not heartbeated
        #expect(turn.idle)
        _ = m.apply(.init(), of: turn, now: now)
        #expect(m.held.isEmpty && m.processed == 1)
        let after = m.prepareTurn(now: now, heartbeatDue: false).0
        #expect(after.completions.isEmpty)
    }

    @Test("a turn that did not reach the database is sent again first")
    func giveBack() {
        var m = Self.machine()
        let job = Self.job(3)
        Self.started(&m, [job], now: now)
        m.handlerReturned(job, completedWith: .some(nil), now: now)
        _ = m.attemptEnded(job, .completed)
        let (lost, _) = m.prepareTurn(now: now, heartbeatDue: false)
        m.giveBack(lost)
        let resent = m.prepareTurn(now: now, heartbeatDue: false).0
        #expect(resent.completions.map(\.id) == [3])
    }

    @Test("an attempt's end touches only its own lease: a stale attempt does not drop the job claimed again")
    func fencedEntries() {
        var m = Self.machine()
        let old = Self.job(5, token: "old")
        Self.started(&m, [old], now: now)
        // The lease ran out; the heartbeat says so, and the job is claimed again by this process.
        let (beat, beatActions) = m.prepareTurn(now: now.addingTimeInterval(10), heartbeatDue: true)
        #expect(beatActions.isEmpty)
        let stopped = m.apply(.init(alive: [:]), of: beat, now: now)
        #expect(Self.stops(stopped) == [.leaseLost])
        let again = Self.job(5, token: "new")
        let (turn, _) = m.prepareTurn(now: now, heartbeatDue: false)
        _ = m.apply(.init(claimed: [again]), of: turn, now: now)
        _ = m.attemptEnded(old, .abandon)
        #expect(m.held[5]?.job.leaseToken == LeaseToken(text: "new"))
    }

    @Test("attempt timeouts and an operator's cancel stop the job; a live heartbeat stops nothing")
    func stops() {
        var m = Self.machine()
        let job = Self.job(9)
        Self.started(&m, [job], timeout: 10, now: now)
        let early = m.prepareTurn(now: now.addingTimeInterval(5), heartbeatDue: false).1
        #expect(Self.stops(early).isEmpty)
        let (turn, actions) = m.prepareTurn(now: now.addingTimeInterval(11), heartbeatDue: true)
        #expect(Self.stops(actions) == [.timedOut(10)])
        let live = m.apply(.init(alive: [9: false]), of: turn, now: now)
        #expect(Self.stops(live).isEmpty)
        // A cancel notification asks the database about every held job.
        let (again, _) = m.prepareTurn(now: now.addingTimeInterval(1), heartbeatDue: true, everyLease: true)
        let cancelled = m.apply(.init(alive: [9: true]), of: again, now: now)
        #expect(Self.stops(cancelled) == [.cancelled])
    }

    @Test("a heartbeat extends a lease once a third of it has run, sooner for progress or a cancel notification")
    func leasesExtendedWhenAThirdHasRun() {
        var m = Self.machine()
        let job = Self.job(8)
        Self.started(&m, [job], now: now)
        let soon = m.prepareTurn(now: now.addingTimeInterval(9), heartbeatDue: true).0
        #expect(soon.heartbeat?.isEmpty == true)
        let asked = m.prepareTurn(now: now.addingTimeInterval(9), heartbeatDue: true, everyLease: true).0
        #expect(asked.heartbeat?.map(\.id) == [8])
        m.held[8]!.control.setProgress(done: 1, total: 2)
        let progress = m.prepareTurn(now: now.addingTimeInterval(9), heartbeatDue: true).0
        #expect(progress.heartbeat?.map(\.id) == [8])
        let due = m.prepareTurn(now: now.addingTimeInterval(10), heartbeatDue: true).0
        #expect(due.heartbeat?.map(\.id) == [8])
        // Extended now: the next one is a third of a lease later.
        _ = m.apply(.init(alive: [8: false]), of: due, now: now.addingTimeInterval(10))
        let after = m.prepareTurn(now: now.addingTimeInterval(19), heartbeatDue: true).0
        #expect(after.heartbeat?.isEmpty == true)
        let next = m.prepareTurn(now: now.addingTimeInterval(20), heartbeatDue: true).0
        #expect(next.heartbeat?.map(\.id) == [8])
    }

    @Test("drain: unstarted jobs go back at once, running ones finish until the deadline, then stop; then threads end")
    func drainThenStop() {
        var m = Self.machine()
        let running = Self.job(1)
        let waiting = Self.job(2)
        Self.started(&m, [running, waiting], threads: 1, now: now)
        let (started, _) = m.drain(deadline: now.addingTimeInterval(30))
        #expect(started == [1])
        let (turn, actions) = m.prepareTurn(now: now.addingTimeInterval(1), heartbeatDue: false)
        #expect(turn.releases.map(\.id) == [2] && turn.claimLimit == 0 && Self.stops(actions).isEmpty)
        _ = m.apply(.init(handedBack: [2]), of: turn, now: now)
        let (late, stopActions) = m.prepareTurn(now: now.addingTimeInterval(31), heartbeatDue: false)
        #expect(m.phase == .stopping && Self.stops(stopActions) == [.shutdown] && !late.finishedShutdown)
        m.handlerReturned(running, completedWith: nil, now: now.addingTimeInterval(31))
        _ = m.attemptEnded(running, .handBack)
        let (last, _) = m.prepareTurn(now: now.addingTimeInterval(32), heartbeatDue: false)
        #expect(last.releases.map(\.id) == [1] && last.finishedShutdown)
        _ = m.apply(.init(handedBack: [1]), of: last, now: now)
        #expect(m.handedBack == [2, 1])
        guard case .stop = m.takeJob() else {
            Issue.record("threads should end")
            return
        }
    }

    @Test("a job no connected thread starts within the start deadline goes back for other hosts")
    func unstartedGoesBack() {
        var m = Self.machine(concurrency: 2)
        Self.claimed(&m, [Self.job(4)], threads: 1, now: now)
        _ = m.threadConnected(false)
        let soon = m.prepareTurn(now: now.addingTimeInterval(1), heartbeatDue: false).0
        #expect(soon.releases.isEmpty)
        let late = m.prepareTurn(now: now.addingTimeInterval(6), heartbeatDue: false).0
        #expect(late.releases.map(\.id) == [4])
    }

    @Test("a waiting fetcher is woken by the next job to end, once; a busy one is not")
    func fetcherWakeups() {
        var m = Self.machine()
        let a = Self.job(1)
        let b = Self.job(2)
        Self.claimed(&m, [a, b], now: now)
        _ = m.takeJob()
        _ = m.takeJob()
        let waits = m.fetcherMayWait()
        #expect(waits)
        m.handlerReturned(a, completedWith: nil, now: now)
        let first = m.attemptEnded(a, .completedInTransaction)
        #expect(Self.wakesFetcher(first))
        let waitsAgain = m.fetcherMayWait()
        #expect(!waitsAgain)  // something ended since the turn: do not wait
        _ = m.prepareTurn(now: now, heartbeatDue: false)
        m.fetcherWoke()
        m.handlerReturned(b, completedWith: nil, now: now)
        let second = m.attemptEnded(b, .completedInTransaction)
        #expect(!Self.wakesFetcher(second))  // not waiting: its next turn sees it
        #expect(m.processed == 2)
    }

    @Test("a failure its thread could not write is recorded by the next turn, and counted once")
    func failureToWrite() {
        var m = Self.machine()
        let job = Self.job(6)
        Self.claimed(&m, [job], now: now)
        _ = m.takeJob()
        let failure = PoolStateMachine.Failure(
            id: 6, token: job.leaseToken, message: "boom", verdict: .retry, delay: 2)
        let ended = m.attemptEnded(job, .failureToWrite(failure))
        #expect(Self.wakesFetcher(ended))
        let (turn, _) = m.prepareTurn(now: now, heartbeatDue: false)
        #expect(turn.failures.map(\.message) == ["boom"])
        _ = m.apply(.init(), of: turn, now: now)
        #expect(m.failed == 1 && m.held.isEmpty)
    }
}

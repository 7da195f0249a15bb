import Foundation
import Testing

@testable import JobQueue

/// How many of a pool's threads may connect (`PoolStateMachine.threadsWanted`), driven without threads or a database:
/// one at first, more only when work waits for a thread.
@Suite("threads connect when work waits for them")
struct ThreadsWantedTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func job(_ id: Int64, kind: String = "noop") -> ClaimedJob {
        ClaimedJob(id: id, kind: kind, queue: "q", leaseToken: LeaseToken(text: "t\(id)"))
    }

    static func wakesWorkers(_ actions: [PoolStateMachine.Action]) -> Bool {
        actions.contains { if case .wakeWorkers = $0 { true } else { false } }
    }

    /// One turn that claims `jobs` for the connected threads.
    static func claim(_ m: inout PoolStateMachine, _ jobs: [ClaimedJob], now: Date) -> [PoolStateMachine.Action] {
        let (turn, _) = m.prepareTurn(now: now, heartbeatDue: false)
        return m.apply(.init(claimed: jobs), of: turn, now: now)
    }

    /// A thread takes the next pending job and runs it for `seconds`; returns what starting it did.
    @discardableResult
    static func run(_ m: inout PoolStateMachine, seconds: Double, now: Date) -> [PoolStateMachine.Action] {
        guard case .job(let job) = m.takeJob() else {
            Issue.record("no pending job")
            return []
        }
        let (_, actions) = m.start(job, cancel: nil, timeoutSeconds: 60, now: now)
        m.handlerReturned(job, completedWith: .some(nil), now: now.addingTimeInterval(seconds))
        _ = m.attemptEnded(job, .completed)
        return actions
    }

    @Test(
        "one thread may connect at first; a job of a kind not yet seen, begun with every such thread busy, lets one more"
    )
    func firstJob() {
        var m = PoolStateMachineTests.machine(concurrency: 4, prefetch: nil)
        #expect(m.mayConnect(0) && !m.mayConnect(1))
        _ = m.threadConnected(true)
        // Before any job has run a claim takes one job per thread: nothing waits, nothing grows yet.
        _ = Self.claim(&m, [Self.job(1)], now: now)
        #expect(m.threadsWanted == 1)
        let started = Self.run(&m, seconds: 0.000_005, now: now)
        #expect(Self.wakesWorkers(started) && m.mayConnect(1) && !m.mayConnect(2))
    }

    @Test("jobs of microseconds, 500 claimed at once: none waits long for a thread, so no other thread connects")
    func tinyJobs() {
        var m = PoolStateMachineTests.machine(concurrency: 4, prefetch: nil)
        _ = m.threadConnected(true)
        // A first run of 20 ms (a cold start) makes the kind look slow for a while; it is what jobs do that counts.
        _ = Self.claim(&m, [Self.job(1)], now: now)
        Self.run(&m, seconds: 0.02, now: now)
        _ = m.threadConnected(true)
        _ = Self.claim(&m, (2...501).map { Self.job($0) }, now: now)
        for i in 0..<500 { Self.run(&m, seconds: 0.000_005, now: now.addingTimeInterval(Double(i) * 0.000_01)) }
        #expect(m.threadsWanted == 2)
    }

    @Test(
        "a job that waited for a thread longer than a claim's ahead time, begun on the last free thread, lets one more")
    func waitedTooLong() {
        var m = PoolStateMachineTests.machine(concurrency: 4, prefetch: nil)
        _ = m.threadConnected(true)
        _ = Self.claim(&m, [Self.job(1, kind: "report")], now: now)
        Self.run(&m, seconds: 0.02, now: now)
        _ = m.threadConnected(true)
        #expect(m.threadsWanted == 2)
        _ = Self.claim(&m, (2...5).map { Self.job($0, kind: "report") }, now: now)
        // Both threads begin at once: jobs of 20 ms, nothing has waited.
        var running: [ClaimedJob] = []
        for _ in 0..<2 {
            guard case .job(let job) = m.takeJob() else { return }
            _ = m.start(job, cancel: nil, timeoutSeconds: 60, now: now)
            running.append(job)
        }
        #expect(m.threadsWanted == 2)
        // The jobs ran 60 ms, not 20: the third begins 60 ms after its claim, on the last free thread.
        m.handlerReturned(running[0], completedWith: .some(nil), now: now.addingTimeInterval(0.06))
        guard case .job(let third) = m.takeJob() else { return }
        let (_, actions) = m.start(third, cancel: nil, timeoutSeconds: 60, now: now.addingTimeInterval(0.06))
        #expect(Self.wakesWorkers(actions) && m.threadsWanted == 3)
    }

    @Test("long jobs: each begun while every wanted thread is busy lets one more connect; a draining pool lets none")
    func longJobs() {
        var m = PoolStateMachineTests.machine(concurrency: 3, prefetch: nil)
        _ = m.threadConnected(true)
        _ = Self.claim(&m, [Self.job(1, kind: "import")], now: now)
        Self.run(&m, seconds: 60, now: now)
        #expect(m.threadsWanted == 2)
        _ = m.threadConnected(true)
        // Two threads for two jobs: none waits, so none more yet. The first job begins with one thread free, the
        // second with none.
        _ = Self.claim(&m, [Self.job(2, kind: "import"), Self.job(3, kind: "import")], now: now)
        #expect(m.threadsWanted == 2)
        for id: Int64 in [2, 3] {
            guard case .job(let job) = m.takeJob() else { return }
            #expect(job.id == id)
            _ = m.start(job, cancel: nil, timeoutSeconds: 600, now: now)
        }
        #expect(m.threadsWanted == 3)
        _ = m.threadConnected(true)
        _ = Self.claim(&m, [Self.job(4, kind: "import")], now: now)
        guard case .job(let fourth) = m.takeJob() else { return }
        _ = m.start(fourth, cancel: nil, timeoutSeconds: 600, now: now)
        #expect(m.threadsWanted == 3, "never more than the concurrency")

        var draining = PoolStateMachineTests.machine(concurrency: 3, prefetch: nil)
        _ = draining.threadConnected(true)
        _ = Self.claim(&draining, [Self.job(5, kind: "import")], now: now)
        _ = draining.drain(deadline: now.addingTimeInterval(30))
        guard case .job(let fifth) = draining.takeJob() else { return }
        _ = draining.start(fifth, cancel: nil, timeoutSeconds: 600, now: now)
        #expect(draining.threadsWanted == 1)
    }
}

import Foundation
import Postgres
import TestSupport
import Testing

@testable import JobQueue

/// What wakes a fetcher.
@Suite("wakeups")
struct WakeupTests {
    @Test("notifications of jobs in queues a process does not serve start no turn; its own queue's do")
    func othersNotificationsStartNoTurn() throws {
        let kit = try QueueTestKit("wake")
        var registry = HandlerRegistry()
        registry.register("noop") { _ in nil }
        let running = kit.start(registry, concurrency: 1)
        defer { running.stop() }
        let conn = try kit.connect()
        Thread.sleep(forTimeInterval: 0.5)
        func turns(notifying queue: String, times: Int) throws -> Int {
            let before = running.pool.turns
            for _ in 0..<times {
                try conn.query("SELECT pg_notify('kinerja_jobs', \(queue))")
                Thread.sleep(forTimeInterval: 0.005)
            }
            return running.pool.turns - before
        }
        // About a second of others' notifications: only the poll's turns (every 0.2 s here), not one per notification.
        let others = try turns(notifying: kit.queue + "_other", times: 200)
        let own = try turns(notifying: kit.queue, times: 50)
        #expect(others < 40, "\(others) turns for 200 notifications of another queue")
        #expect(own >= 10, "\(own) turns for 50 notifications of its own queue")
    }
}

/// Wake tickets: one enqueued job wakes one worker process, not every one serving its queue.
@Suite("wake tickets")
struct WakeTicketTests {
    @Test("payloads: a queue, every queue, or a queue with a ticket and a kind; anything else names a queue")
    func payloads() {
        #expect(Wakeup(payload: "*") == Wakeup(queue: nil))
        #expect(Wakeup(payload: "imports") == Wakeup(queue: "imports"))
        #expect(Wakeup(payload: "imports 42 1 noop") == Wakeup(queue: "imports", ticket: 42, hops: 1, kind: "noop"))
        #expect(Wakeup(payload: "imports 42 1") == Wakeup(queue: "imports 42 1"))
        #expect(Wakeup(payload: "imports x 0 noop") == Wakeup(queue: "imports x 0 noop"))
        for w in [Wakeup(queue: nil), Wakeup(queue: "q"), Wakeup(queue: "q", ticket: 7, hops: 2, kind: "k")] {
            #expect(Wakeup(payload: w.payload) == w)
        }
        #expect(
            Wakeup(queue: "q", ticket: 7, kind: "k").passedOn() == Wakeup(queue: "q", ticket: 7, hops: 1, kind: "k"))
    }

    let a = WakeRoster.Entry(owner: "h:1:a", queues: ["q"], kinds: ["noop"])
    let b = WakeRoster.Entry(owner: "h:2:b", queues: ["other"], kinds: ["noop"])
    let c = WakeRoster.Entry(owner: "h:3:c", queues: nil, kinds: ["noop", "report"])
    let d = WakeRoster.Entry(owner: "h:4:d", queues: ["q", "other"], kinds: ["noop"])

    @Test("every ticket picks exactly one process serving its queue and kind, spread evenly; one not listed takes all")
    func picks() {
        let roster = WakeRoster([c, a, b, d])
        #expect(roster.serving("q", kind: "noop") == ["h:3:c", "h:1:a", "h:4:d"])
        #expect(roster.serving("q", kind: "report") == ["h:3:c"])
        var picked: [String: Int] = [:]
        for ticket in Int64(0)..<300 {
            let wakeup = Wakeup(queue: "q", ticket: ticket, kind: "noop")
            let owners = [a, b, c, d].map(\.owner).filter { roster.picks($0, for: wakeup) }
            #expect(owners.count == 1)
            for owner in owners { picked[owner, default: 0] += 1 }
            // Passed on, it picks another.
            let next = [a, b, c, d].map(\.owner).filter { roster.picks($0, for: wakeup.passedOn()) }
            #expect(next.count == 1 && next != owners)
            #expect(
                [c].map(\.owner)
                    == [a, b, c, d].map(\.owner).filter {
                        roster.picks($0, for: Wakeup(queue: "q", ticket: ticket, kind: "report"))
                    })
        }
        #expect(picked.keys.sorted() == ["h:1:a", "h:3:c", "h:4:d"])
        #expect(picked.values.allSatisfy { $0 > 60 }, "\(picked)")
        #expect(roster.picks("h:9:new", for: Wakeup(queue: "q", ticket: 1, kind: "noop")))
        #expect(roster.picks("h:1:a", for: Wakeup(queue: "q")))
        #expect(roster.picks("h:1:a", for: Wakeup(queue: nil)))
        #expect(roster.passesOn(Wakeup(queue: "q", ticket: 1, hops: 1, kind: "noop")))
        #expect(!roster.passesOn(Wakeup(queue: "q", ticket: 1, hops: 2, kind: "noop")), "every other one had it")
        #expect(!roster.passesOn(Wakeup(queue: "q")))
    }

    @Test("rosters read at different moments agree on the first pick whenever the older one lists it")
    func rostersDisagree() {
        // "d" started after "a" read its roster; "d" read all of them.
        let older = WakeRoster([a, c])
        let newer = WakeRoster([a, c, d])
        for ticket in Int64(0)..<300 {
            let wakeup = Wakeup(queue: "q", ticket: ticket, kind: "noop")
            let first = ["h:1:a", "h:3:c", "h:4:d"].first { newer.picks($0, for: wakeup) }!
            // The first pick's own roster always lists it, so somebody wakes whatever the others read.
            if first != "h:4:d" { #expect(older.picks(first, for: wakeup)) }
        }
        let fleet = (0..<6).map { WakeRoster.Entry(owner: "h:\($0):w", queues: nil, kinds: ["noop"]) }
        #expect(WakeRoster.maxHops == 2)
        #expect(!WakeRoster(fleet).passesOn(Wakeup(queue: "q", ticket: 3, hops: 2, kind: "noop")), "not round all six")
    }

    @Test("due jobs made available wake one process each when few, every process of their queue when many")
    func promotions() throws {
        let (scratch, conn) = try ScratchDatabase.migrated("wakepromo")
        defer { scratch.drop() }
        let listener = try Connection(scratch.url)
        try listener.listen(Producer.jobsChannel)
        for (queue, count) in [("few", 2), ("many", Claim.promoteTickets + 1)] {
            try conn.execute(
                SQL(
                    unsafeSQL: """
                        INSERT INTO kinerja.jobs (kind, queue, state, run_at)
                        SELECT 'noop', $1, 'scheduled', now() - interval '1 second' FROM generate_series(1, $2)
                        """, binds: [queue, count]))
        }
        try conn.query(SQL(unsafeSQL: Claim.promote, binds: [1000, Claim.promoteTickets]))
        var got: [String] = []
        _ = eventually(within: 5) {
            got += (try? listener.waitForNotifications(timeout: 0.1))?.map(\.payload) ?? []
            return got.count >= 3
        }
        let few = try conn.query("SELECT id FROM kinerja.v_jobs WHERE queue = 'few' ORDER BY id").rows.map {
            try $0.decode(0, as: Int64.self)
        }
        #expect(got.sorted() == (few.map { "few \($0) 0 noop" } + ["many"]).sorted())
    }

    /// A pool of one thread on `url`, named `name` (its owner in the roster), serving `queue`.
    func pool(
        _ name: String, queue: String, url: String, registry: HandlerRegistry, poll: Double = 1
    ) -> BackgroundPool {
        var config = TestWorkers.configuration(
            conninfo: url, queue: queue, name: name, concurrency: 1, exitWhenIdle: false)
        config.heartbeatSeconds = poll
        config.pollSeconds = poll
        config.rosterRefreshSeconds = 0.1
        config.runMaintenance = false
        return BackgroundPool(WorkerPool(configuration: config, registry: registry, logger: TestWorkers.logger))
    }

    /// Waits until `count` worker rows exist, then for every pool to read its roster again.
    func rostered(_ count: Int, on conn: Connection, heartbeat: Double) throws {
        #expect(
            try eventually {
                try conn.query("SELECT count(*)::int FROM kinerja.workers").first!.decode(0, as: Int.self) == count
            })
        Thread.sleep(forTimeInterval: heartbeat + 0.3)
    }

    @Test("jobs enqueued one at a time to three idle processes: each wakes one of them, not all three")
    func oneWakeupPerJob() throws {
        // A database of its own: a worker of another test serving every queue would be in the roster.
        let (scratch, conn) = try ScratchDatabase.migrated("wake")
        defer { scratch.drop() }
        var registry = HandlerRegistry()
        registry.register("noop") { _ in nil }
        let pools = ["w0", "w1", "w2"].map { pool($0, queue: "wq", url: scratch.url, registry: registry) }
        defer { for p in pools { p.stop() } }
        try rostered(3, on: conn, heartbeat: 1)
        func turns() -> Int { pools.map(\.pool.turns).reduce(0, +) }
        let quiet = turns()
        Thread.sleep(forTimeInterval: 1.5)
        let baseline = turns() - quiet
        let before = turns()
        for _ in 0..<30 {
            try Producer.enqueue(NewJob(kind: "noop", queue: "wq"), on: conn)
            Thread.sleep(forTimeInterval: 0.05)
        }
        func processed() -> Int { pools.map(\.pool.counts.processed).reduce(0, +) }
        #expect(eventually(within: 5) { processed() == 30 })
        // Each job costs the process that ran it a claiming turn and a completing one; every other turn is a claim
        // woken for nothing. Waking all three processes cost about 60 more.
        let woken = turns() - before - baseline - processed()
        #expect(woken < 45, "\(woken) claiming turns for 30 jobs (baseline \(baseline) turns)")
        #expect(pools.allSatisfy { $0.pool.counts.processed > 0 }, "tickets spread the jobs over the processes")
    }

    @Test("a ticket that picks a process with no free thread goes on to one that has one")
    func passedOn() throws {
        let (scratch, conn) = try ScratchDatabase.migrated("wakeon")
        defer { scratch.drop() }
        let release = DispatchSemaphore(value: 0)
        var registry = HandlerRegistry()
        registry.register("block") { _ in
            release.wait()
            return nil
        }
        registry.register("noop") { _ in nil }
        // "a" alone, busy with a blocking job; then "b", which polls only every 5 s.
        let a = pool("a", queue: "wq", url: scratch.url, registry: registry, poll: 0.2)
        defer { a.stop() }
        try Producer.enqueue(NewJob(kind: "block", queue: "wq"), on: conn)
        #expect(eventually { (try? jobStates(queue: "wq", on: conn)[.running]) == 1 })
        let b = pool("b", queue: "wq", url: scratch.url, registry: registry, poll: 5)
        defer { b.stop() }
        defer { release.signal() }
        try rostered(2, on: conn, heartbeat: 0.2)
        // A job listed without a notification, then a ticket both rosters give to "a".
        let id = try conn.query(
            "INSERT INTO kinerja.jobs (kind, queue) VALUES ('noop', 'wq') RETURNING id"
        ).first!.decode(0, as: Int64.self)
        let owners = [a, b].map { $0.pool.config.owner }
        let roster = WakeRoster(owners.map { WakeRoster.Entry(owner: $0, queues: ["wq"], kinds: ["block", "noop"]) })
        let ticket = (Int64(0)..<100).first {
            roster.picks(owners[0], for: Wakeup(queue: "wq", ticket: $0, kind: "noop"))
        }!
        try conn.query(
            SQL(unsafeSQL: Producer.notify, binds: [Wakeup(queue: "wq", ticket: ticket, kind: "noop").payload]))
        #expect(
            eventually(within: 2) { (try? TestJobs.job(id, on: conn).state) == .completed },
            "\"a\" has no free thread: the ticket must reach \"b\" well before its 5 s poll")
    }
}

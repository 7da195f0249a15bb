import Foundation
import JobQueue
import Postgres
import TestSupport
import Testing

@Suite("Periodic jobs")
struct CronTests {
    private func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }
    private let jakarta = TimeZone(identifier: "Asia/Jakarta")!

    @Test("cron expressions read in Asia/Jakarta")
    func expressions() throws {
        let nightly = try CronExpression("0 1 * * *")
        #expect(nightly.matches(date("2026-11-28T18:00:00Z"), in: jakarta))  // 01:00 WIB
        #expect(!nightly.matches(date("2026-11-28T01:00:00Z"), in: jakarta))
        let weekdays = try CronExpression("*/15 8-16 * * mon-fri")
        #expect(weekdays.matches(date("2026-11-30T02:45:00Z"), in: jakarta))  // Monday 09:45 WIB
        #expect(!weekdays.matches(date("2026-11-29T02:45:00Z"), in: jakarta))  // Sunday
        #expect(
            try CronExpression("@daily").latestTick(
                atOrBefore: date("2026-11-29T03:30:00Z"), in: jakarta, window: 86400)
                == date("2026-11-28T17:00:00Z"))
        #expect(throws: CronError.self) { try CronExpression("61 * * * *") }
        #expect(throws: CronError.self) { try CronExpression("* * *") }
    }

    @Test("a schedule fires once per tick however many worker processes look at it")
    func firesOncePerTick() throws {
        // A database of its own: on the shared one, a test running alongside that fires every due schedule at
        // another moment of January 2027 fired this one too, or this test's threads fired that test's schedules.
        let (scratch, conn) = try ScratchDatabase.migrated("cron")
        defer { scratch.drop() }
        let url = scratch.url
        let name = "nightly"
        let queue = "cronq"
        // Every minute of 1 January only, looked at from 00:00:30 on 1 January 2027 (Jakarta).
        try Scheduler.upsert(name: name, cron: "* * 1 1 *", job: NewJob(kind: "noop", queue: queue), on: conn)
        let now = date("2026-12-31T17:00:30Z")
        let fired = Locked<[Int64]>([])
        let group = DispatchGroup()
        for _ in 0..<3 {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                guard let c = try? Connection(url) else { return }
                for _ in 0..<5 {
                    let ids = (try? Scheduler.fireDue(on: c, now: now)) ?? []
                    fired.mutate { $0 += ids }
                }
            }
        }
        group.wait()
        let jobs = try conn.query("SELECT count(*)::int FROM kinerja.v_jobs WHERE queue = \(queue)").first!
        #expect(try jobs.decode(0, as: Int.self) == 1)
        #expect(fired.value.count == 1)
        // Once its job has finished (its unique key is free again), the same tick still does not fire twice: only
        // the schedule's last_tick says it already fired.
        try conn.execute(
            "UPDATE kinerja.jobs SET state = 'completed', finished_at = now() WHERE queue = \(queue) AND state = 'available'"
        )
        #expect(try Scheduler.fireDue(on: conn, now: now).isEmpty)
        // The next minute is a new tick.
        try Scheduler.fireDue(on: conn, now: now.addingTimeInterval(60))
        let after = try conn.query("SELECT count(*)::int FROM kinerja.v_jobs WHERE queue = \(queue)").first!
        #expect(try after.decode(0, as: Int.self) == 2)
    }

    @Test("two processes that both read a tick as due before either fired it: only the first fires it")
    func raceForOneTick() throws {
        let (scratch, conn) = try ScratchDatabase.migrated("crontick")
        defer { scratch.drop() }
        try Scheduler.upsert(name: "tick", cron: "* * 1 1 *", job: NewJob(kind: "noop", queue: "tickq"), on: conn)
        let now = date("2026-12-31T17:00:30Z")
        let tick = date("2026-12-31T17:00:00Z")
        // Another process is firing the tick: it holds the schedule's row while its transaction runs.
        let other = try Connection(scratch.url)
        try other.execute("BEGIN")
        try other.execute("SELECT 1 FROM kinerja.schedules WHERE name = 'tick' FOR UPDATE")
        let fired = Locked<[Int64]>([])
        let group = DispatchGroup()
        let url = scratch.url
        for _ in 0..<2 {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                guard let c = try? Connection(url) else { return }
                let ids = (try? Scheduler.fireDue(on: c, now: now)) ?? []
                fired.mutate { $0 += ids }
            }
        }
        // Both have read the schedule as not fired and wait for its row.
        let waiting = try eventually {
            try conn.query(
                "SELECT count(*)::int FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            ).first!.decode(0, as: Int.self) == 2
        }
        #expect(waiting)
        try other.execute(
            SQL(unsafeSQL: "UPDATE kinerja.schedules SET last_tick = $1 WHERE name = 'tick'", binds: [tick]))
        try other.execute("COMMIT")
        group.wait()
        #expect(fired.value.isEmpty, "the tick was fired again: \(fired.value)")
    }
}

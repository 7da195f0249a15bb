import Foundation
import Logging
import Postgres
import TestSupport
import Testing

@testable import JobQueue

/// The storage of sql/012: jobs a worker may claim are listed in `kinerja.ready`, whose slots are emptied by
/// TRUNCATE once drained; claims start from a remembered position; maintenance is done by one elected process.
@Suite("Queue storage an old snapshot cannot slow")
struct ReadyQueueTests {
    static func noop() -> HandlerRegistry {
        var registry = HandlerRegistry()
        registry.register("noop") { _ in nil }
        return registry
    }

    /// A connection holding one REPEATABLE READ snapshot open, as a dashboard or `pg_dump` does; roll it back.
    static func pinSnapshot(_ url: String) throws -> Connection {
        let pin = try Connection(url)
        try pin.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        try pin.execute("SELECT count(*) FROM pg_class")
        return pin
    }

    static func readyRows(queue: String, on conn: Connection) throws -> Int {
        try conn.query("SELECT count(*)::int FROM kinerja.ready WHERE queue = \(queue)").first!.decode(0, as: Int.self)
    }

    @Test("a claim skips a due job whose ready row another transaction holds, and takes the next one without waiting")
    func skipsLockedRows() throws {
        let kit = try QueueTestKit("skip")
        let conn = try kit.connect()
        let first = try Producer.enqueue(NewJob(kind: "noop", queue: kit.queue, priority: 0), on: conn).id
        let second = try Producer.enqueue(NewJob(kind: "noop", queue: kit.queue, priority: 1), on: conn).id
        // Another session holds the first job's ready row, as a claim in flight does.
        let holder = try kit.connect()
        try holder.execute("BEGIN")
        try holder.execute("SELECT 1 FROM kinerja.ready WHERE job_id = \(first) FOR UPDATE")
        let pool = kit.start(Self.noop(), concurrency: 1)
        #expect(try eventually(within: 5) { try kit.job(second, on: conn).state == .completed })
        #expect(try kit.job(first, on: conn).state == .available)
        try holder.execute("ROLLBACK")
        #expect(try eventually(within: 5) { try kit.job(first, on: conn).state == .completed })
        pool.stop()
    }

    @Test("a job that commits behind the claim position (a long transaction's) is still claimed")
    func lateCommitIsClaimed() throws {
        let kit = try QueueTestKit("late")
        let conn = try kit.connect()
        let pool = kit.start(Self.noop(), concurrency: 1)
        // The late job's run_at is its transaction's start, before the jobs enqueued and claimed meanwhile.
        let long = try kit.connect()
        try long.execute("BEGIN")
        let late = try Producer.enqueue(NewJob(kind: "noop", queue: kit.queue), on: long).id
        var meanwhile: [Int64] = []
        for _ in 0..<3 {
            Thread.sleep(forTimeInterval: 0.05)
            meanwhile.append(try Producer.enqueue(NewJob(kind: "noop", queue: kit.queue), on: conn).id)
        }
        #expect(
            try eventually(within: 5) { try meanwhile.allSatisfy { try kit.job($0, on: conn).state == .completed } })
        try long.execute("COMMIT")
        #expect(try eventually(within: 5) { try kit.job(late, on: conn).state == .completed })
        pool.stop()
    }

    @Test("paused and scheduled jobs are not in the claim's list; resume and the due time put them there")
    func pausedAndScheduledAreUnlisted() throws {
        let kit = try QueueTestKit("unlisted")
        let conn = try kit.connect()
        try QueueAdmin.pause(queue: kit.queue, on: conn)
        try Producer.bulkEnqueue(count: 500, on: conn) { _ in NewJob(kind: "noop", queue: kit.queue) }
        let later = QueueTestKit(queue: kit.queue + "-later", url: kit.url)
        let nextYear = Date().addingTimeInterval(365 * 86400)
        try Producer.enqueueMany(
            (0..<500).map { _ in NewJob(kind: "noop", queue: later.queue, runAt: nextYear) }, on: conn)
        #expect(try Self.readyRows(queue: kit.queue, on: conn) == 0)
        #expect(try Self.readyRows(queue: later.queue, on: conn) == 0)
        #expect(try kit.states(on: conn) == [.available: 500])
        #expect(try later.states(on: conn) == [.scheduled: 500])

        try QueueAdmin.resume(queue: kit.queue, on: conn)
        try QueueAdmin.resume(queue: kit.queue, on: conn)
        #expect(try Self.readyRows(queue: kit.queue, on: conn) == 500)
        kit.runUntilIdle(Self.noop())
        #expect(try kit.states(on: conn) == [.completed: 500])

        // Due now: the worker lists them and runs them.
        try conn.execute("UPDATE kinerja.jobs SET run_at = now() WHERE queue = \(later.queue)")
        later.runUntilIdle(Self.noop())
        #expect(try later.states(on: conn) == [.completed: 500])
    }

    @Test("a drained ready slot is emptied by TRUNCATE while an old snapshot is held; a small slot with work is left")
    func drainedSlotsAreTruncatedUnderAPinnedSnapshot() throws {
        let (scratch, conn) = try ScratchDatabase.migrated("ready")
        defer { scratch.drop() }
        let pin = try Self.pinSnapshot(scratch.url)
        defer { _ = try? pin.execute("ROLLBACK") }

        let kit = QueueTestKit(queue: "drain", url: scratch.url)
        // One job left waiting in another queue keeps its slot busy; the others are written a second later, into
        // another slot (a slot is the second of writing, modulo 8).
        let waiting = try Producer.enqueue(NewJob(kind: "noop", queue: "nobody-serves"), on: conn).id
        let busySlot = try conn.query("SELECT slot::int FROM kinerja.ready WHERE job_id = \(waiting)").first!
            .decode(0, as: Int.self)
        Thread.sleep(forTimeInterval: 1.1)
        try Producer.bulkEnqueue(count: 3000, on: conn) { _ in NewJob(kind: "noop", queue: kit.queue) }
        var config = kit.configuration(concurrency: 2)
        config.runMaintenance = false
        WorkerPool(configuration: config, registry: Self.noop(), logger: QueueTestKit.logger).run()
        #expect(try kit.states(on: conn) == [.completed: 3000])

        // Wait until no slot written above is the current one, then recycle every slot.
        Thread.sleep(forTimeInterval: 1.1)
        let sizes =
            "SELECT COALESCE(sum(pg_relation_size(c.oid)), 0)::bigint FROM pg_class c WHERE c.relname ~ '^ready_[0-7]$'"
        let before = try conn.query(SQL(unsafeSQL: sizes)).first!.decode(0, as: Int64.self)
        #expect(before > 64 * 1024)
        var emptied: [Int] = []
        for slot in 0..<8 {
            if try conn.query("SELECT kinerja.recycle_ready(\(slot))").first!.decode(0, as: Bool.self) {
                emptied.append(slot)
            }
        }
        #expect(!emptied.isEmpty)
        #expect(!emptied.contains(busySlot))
        let after = try conn.query(SQL(unsafeSQL: sizes)).first!.decode(0, as: Int64.self)
        #expect(after < before / 2)
        #expect(try Self.readyRows(queue: "nobody-serves", on: conn) == 1)
    }

    @Test("each recycle call empties one drained slot, in its own transaction; the recycler calls until none is left")
    func oneSlotPerCall() throws {
        let (scratch, conn) = try ScratchDatabase.migrated("readyone")
        defer { scratch.drop() }
        let pin = try Self.pinSnapshot(scratch.url)
        defer { _ = try? pin.execute("ROLLBACK") }
        // Three drained slots: each churn is written a second after the one before, into the next slot.
        for queue in ["churn1", "churn2", "churn3"] {
            try JobsCompactorTests.churn(scratch.url, queue: queue, on: conn)
            Thread.sleep(forTimeInterval: 1.1)
        }
        let call = "SELECT kinerja.recycle_ready_slots()"
        let first = try conn.query(SQL(unsafeSQL: call)).first!.decode(0, as: Int?.self)
        #expect(first != nil)
        let rest = try ReadyRecycler.run(on: conn)
        #expect(rest.count == 2 && !rest.contains(first ?? -1))
        #expect(try conn.query(SQL(unsafeSQL: call)).first!.decode(0, as: Int?.self) == nil)
        for slot in rest + [first].compactMap({ $0 }) {
            let size = try conn.query(SQL(unsafeSQL: "SELECT pg_relation_size('kinerja.ready_\(slot)')")).first!
                .decode(0, as: Int64.self)
            #expect(size == 0)
        }
    }

    @Test("a slot still listing a waiting job is emptied too: the job moves on with its place in line; many rows stay")
    func busySlotsMoveTheirRows() throws {
        let (scratch, conn) = try ScratchDatabase.migrated("readymove")
        defer { scratch.drop() }
        let pin = try Self.pinSnapshot(scratch.url)
        defer { _ = try? pin.execute("ROLLBACK") }
        // A slot four seconds from the one being written, either way.
        func farSlot() throws -> Int {
            (try conn.query("SELECT kinerja.ready_slot()::int").first!.decode(0, as: Int.self) + 4) % 8
        }
        func recycle(_ slot: Int) throws -> Bool {
            try conn.query("SELECT kinerja.recycle_ready(\(slot))").first!.decode(0, as: Bool.self)
        }
        func size(_ slot: Int) throws -> Int64 {
            try conn.query(SQL(unsafeSQL: "SELECT pg_relation_size('kinerja.ready_\(slot)')")).first!
                .decode(0, as: Int64.self)
        }
        // A job nobody serves, and a stale row (its job cancelled, the row written again by hand: sql/030 unlists a
        // cancelled job), in a slot full of the dead rows of 3 000 claims.
        let waiting = try Producer.enqueue(NewJob(kind: "noop", queue: "nobody-serves", priority: 3), on: conn).id
        let gone = try Producer.enqueue(NewJob(kind: "noop", queue: "nobody-serves"), on: conn).id
        try conn.execute("UPDATE kinerja.jobs SET state = 'cancelled', finished_at = now() WHERE id = \(gone)")
        try conn.execute(
            "INSERT INTO kinerja.ready (job_id, queue, kind, priority, run_at) VALUES (\(gone), 'nobody-serves', 'noop', 0, now())"
        )
        let slot = try farSlot()
        try conn.execute("UPDATE kinerja.ready SET slot = \(slot) WHERE job_id IN (\(waiting), \(gone))")
        try conn.execute(
            """
            INSERT INTO kinerja.ready (slot, job_id, queue, kind, priority, run_at)
            SELECT \(slot), -g, 'done', 'noop', 0, now() FROM generate_series(1, 3000) g
            """)
        try conn.execute("DELETE FROM kinerja.ready WHERE job_id < 0")
        let place = "SELECT slot::int, priority::int, run_at::text FROM kinerja.ready WHERE job_id = \(waiting)"
        let before = try conn.query(SQL(unsafeSQL: place)).first!
        #expect(try size(slot) > 64 * 1024)

        #expect(try recycle(slot))
        #expect(try size(slot) == 0)
        let after = try conn.query(SQL(unsafeSQL: place)).rows
        #expect(after.count == 1)
        #expect(try after.first?.decode(0, as: Int.self) != slot)
        #expect(try after.first?.decode(1, as: Int.self) == before.decode(1, as: Int.self))
        #expect(try after.first?.decode(2, as: String.self) == before.decode(2, as: String.self))
        // The stale row moved as it was (no look at the jobs under the slot's lock); a claim drops it.
        #expect(try Self.readyRows(queue: "nobody-serves", on: conn) == 2)

        // A worker takes the moved job.
        var config = QueueTestKit(queue: "nobody-serves", url: scratch.url).configuration(concurrency: 1)
        config.runMaintenance = false
        WorkerPool(configuration: config, registry: Self.noop(), logger: QueueTestKit.logger).run()
        #expect(
            try conn.query("SELECT state FROM kinerja.v_jobs WHERE id = \(waiting)").first!.decode(0, as: String.self)
                == "completed")
        #expect(try Self.readyRows(queue: "nobody-serves", on: conn) == 0)

        // Rows that fill their slot (moved ones, with nothing written beside them) stay: they are not moved again
        // every second. Nor does a backlog of over 2 000 rows, even among dead rows enough for the quarter rule.
        for (rows, dead, queue) in [(1500, 0, "dense"), (2001, 30000, "backlog")] {
            let full = try farSlot()
            try conn.execute(
                SQL(
                    unsafeSQL: """
                        INSERT INTO kinerja.ready (slot, job_id, queue, kind, priority, run_at)
                        SELECT $1, -g, 'done', 'noop', 0, now() FROM generate_series(1, $2) g
                        """, binds: [full, dead]))
            try conn.execute("DELETE FROM kinerja.ready WHERE queue = 'done'")
            try conn.execute(
                SQL(
                    unsafeSQL: """
                        INSERT INTO kinerja.ready (slot, job_id, queue, kind, priority, run_at)
                        SELECT $1, -g, $2, 'noop', 0, now() FROM generate_series(1, $3) g
                        """, binds: [full, queue, rows]))
            #expect(try size(full) > 64 * 1024)
            // Dense: the live rows fill more than a quarter; backlog: they fill less, only the cap refuses.
            #expect(try (Int64(rows) * 90 * 4 > size(full)) == (dead == 0), "\(queue)")
            #expect(try !recycle(full), "\(queue)")
            #expect(try Self.readyRows(queue: queue, on: conn) == rows)
            try conn.execute("DELETE FROM kinerja.ready WHERE queue = \(queue)")
        }
    }

    @Test(
        "maintenance runs in one elected process, the only one with a maintenance connection; when its session ends, another takes over"
    )
    func maintenanceIsElected() throws {
        let (scratch, conn) = try ScratchDatabase.migrated("leader")
        defer { scratch.drop() }
        let kit = QueueTestKit(queue: "elect", url: scratch.url)
        let leaders = """
            SELECT count(*)::int FROM pg_locks
            WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """
        // The lock is held by a fetcher's session, and only the leader connects for maintenance.
        let leadingSessions = """
            SELECT coalesce(string_agg(a.application_name, ', ' ORDER BY a.application_name), '') FROM pg_stat_activity a
            WHERE a.datname = current_database()
              AND (a.application_name LIKE '% maintenance'
                   OR a.pid IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted))
            """
        func leaderCount() throws -> Int { try conn.query(SQL(unsafeSQL: leaders)).first!.decode(0, as: Int.self) }
        func leading() throws -> String {
            try conn.query(SQL(unsafeSQL: leadingSessions)).first!.decode(0, as: String.self)
        }
        func leads(_ name: String) throws -> Bool {
            try eventually(within: 5) { try leading() == "kinerja \(name) fetcher, kinerja \(name) maintenance" }
        }
        // No stand-by round during the test: its connection lives only for the round, but would be counted.
        func pool(_ name: String) -> BackgroundPool {
            var config = kit.configuration(concurrency: 1, name: name)
            config.standbySeconds = 3600
            config.exitWhenIdle = false
            return BackgroundPool(WorkerPool(configuration: config, registry: Self.noop(), logger: QueueTestKit.logger))
        }
        let first = pool("first")
        #expect(try leads("first"))
        let second = pool("second")
        Thread.sleep(forTimeInterval: 1.5)
        #expect(try leaderCount() == 1)
        #expect(try leading() == "kinerja first fetcher, kinerja first maintenance")
        // The leader's fetcher loses its session (a network cut, a terminated backend): its process stops leading
        // and closes its maintenance connection. Another session waits for the lock in the same statement, so it
        // has it before either fetcher tries again, and neither process leads.
        do {
            let holder = try Connection(scratch.url + "?application_name=holder")
            try holder.execute(
                SQL(
                    unsafeSQL: """
                        SELECT pg_terminate_backend(pid), pg_advisory_lock($1) FROM pg_stat_activity
                        WHERE application_name = 'kinerja first fetcher'
                        """, binds: [Leadership.key]))
            #expect(try eventually(within: 5) { try leading() == "holder" })
        }
        // Once that session ends, one of them leads, and rescues a job whose lease expired.
        #expect(try eventually(within: 5) { try ["first", "second"].contains { try leads($0) } })
        try conn.execute(
            """
            INSERT INTO kinerja.jobs (kind, queue, state, attempt, lease_token, lease_expires_at)
            VALUES ('noop', 'elect', 'running', 1, gen_random_uuid(), now() - interval '1 second')
            """)
        #expect(try eventually(within: 10) { try kit.states(on: conn) == [.completed: 1] })
        // A process that stops ends its fetcher's session: the other leads.
        let (leader, other, otherPool) = try leads("first") ? (first, "second", second) : (second, "first", first)
        leader.stop()
        #expect(try leads(other))
        otherPool.stop()
    }
}

extension ReadyQueueTests {
    @Test("a frozen leader (its lock held, nothing done) does not stop rescue: the others stand by")
    func frozenLeader() throws {
        let (scratch, conn) = try ScratchDatabase.migrated("frozen")
        defer { scratch.drop() }
        // A session that took the leader's lock and then went quiet, as a stopped process's would.
        let frozen = try Connection(scratch.url)
        #expect(
            try frozen.query("SELECT pg_try_advisory_lock(\(Int64(0x6B_69_6E_65_72_6A_61)))").first!.decode(
                0, as: Bool.self))
        let kit = QueueTestKit(queue: "frozen", url: scratch.url)
        try conn.execute(
            """
            INSERT INTO kinerja.jobs (kind, queue, state, attempt, lease_token, lease_expires_at)
            VALUES ('noop', 'frozen', 'running', 1, gen_random_uuid(), now() - interval '1 second')
            """)
        // Standing by every 2 s, not every 30, so its first round comes within 2 s of its start.
        var config = kit.configuration(concurrency: 1)
        config.standbySeconds = 2
        let pool = BackgroundPool(WorkerPool(configuration: config, registry: Self.noop(), logger: QueueTestKit.logger))
        #expect(try eventually(within: 10) { try kit.states(on: conn) == [.completed: 1] })
        pool.stop()
    }
}

extension QueueTestKit {
    init(queue: String, url: String) {
        self.queue = queue
        self.url = url
    }
}

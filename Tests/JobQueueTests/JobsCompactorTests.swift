import Foundation
import Postgres
import TestSupport
import Testing

@testable import JobQueue

/// sql/026: `kinerja.jobs` is rewritten by TRUNCATE when it has grown under an old snapshot, with every unfinished job
/// kept as it was. Each test has a database of its own, so the sizes it compares are its own.
@Suite("kinerja.jobs compacted under an old snapshot")
struct JobsCompactorTests {
    static func jobsBytes(_ conn: Connection) throws -> Int64 {
        try conn.query("SELECT pg_total_relation_size('kinerja.jobs')").first!.decode(0, as: Int64.self)
    }

    /// Every unfinished job, every column, in id order.
    static func jobRows(_ conn: Connection) throws -> String {
        try conn.query("SELECT jsonb_agg(to_jsonb(j) ORDER BY id)::text FROM kinerja.jobs j").first!.decode(
            0, as: String.self)
    }

    static func readyRows(_ queue: String, _ conn: Connection) throws -> [Int64] {
        try conn.query("SELECT job_id FROM kinerja.ready WHERE queue = \(queue) ORDER BY job_id").rows.map {
            try $0.decode(0, as: Int64.self)
        }
    }

    /// 3 000 jobs enqueued and run to completion while `pin` holds its snapshot: dead rows vacuum may not remove.
    static func churn(_ url: String, queue: String = "churn", on conn: Connection) throws {
        let kit = QueueTestKit(queue: queue, url: url)
        try Producer.bulkEnqueue(count: 3000, on: conn) { _ in NewJob(kind: "noop", queue: kit.queue) }
        var config = kit.configuration(concurrency: 2)
        config.exitWhenIdle = true
        config.runMaintenance = false
        WorkerPool(configuration: config, registry: ReadyQueueTests.noop(), logger: QueueTestKit.logger).run()
        #expect(try kit.states(on: conn) == [.completed: 3000])
    }

    @Test("an old snapshot's dead rows go, and every unfinished job stays as it was, listed once")
    func keepsUnfinishedJobs() throws {
        let (scratch, conn) = try ScratchDatabase.migrated("compact")
        defer { scratch.drop() }
        let pin = try ReadyQueueTests.pinSnapshot(scratch.url)
        let available = try (0..<20).map { i in
            try Producer.enqueue(NewJob(kind: "noop", queue: "keep", priority: Int16(i % 3)), on: conn).id
        }
        try Producer.enqueueMany(
            (0..<5).map { _ in NewJob(kind: "noop", queue: "keep", runAt: Date().addingTimeInterval(365 * 86400)) },
            on: conn)
        let token = UUID().uuidString.lowercased()
        let running = try conn.query(
            """
            INSERT INTO kinerja.jobs (kind, queue, state, attempt, lease_token, lease_expires_at, lease_owner,
                progress_done, progress_total, args, errors)
            VALUES ('noop', 'keep', 'running', 2, \(token)::uuid, now() + interval '1 hour', 'host:1:test', 3, 10,
                '{"a": [1, "b"]}', '[{"attempt": 1, "error": "boom"}]')
            RETURNING id
            """
        ).first!.decode(0, as: Int64.self)
        try Self.churn(scratch.url, on: conn)
        let rows = try Self.jobRows(conn)
        let before = try Self.jobsBytes(conn)

        // Left alone: a table under the size, and more unfinished jobs than the bound.
        #expect(try JobsCompactor.run(on: conn, minBytes: before + 1) == nil)
        #expect(try JobsCompactor.run(on: conn, minBytes: 0, maxRows: 25) == nil)
        #expect(try Self.jobsBytes(conn) == before)

        #expect(try JobsCompactor.run(on: conn, minBytes: 0, maxRows: 26) == 26)
        let after = try Self.jobsBytes(conn)
        #expect(after * 4 < before, "\(before) -> \(after) bytes")
        #expect(try Self.jobRows(conn) == rows)
        #expect(try Self.readyRows("keep", conn) == available)

        // The triggers are back on: a new job is listed, a finished one moves to the history under its lease token.
        let added = try Producer.enqueue(NewJob(kind: "noop", queue: "keep"), on: conn).id
        #expect(try Self.readyRows("keep", conn) == available + [added])
        let finished = try conn.execute(
            """
            UPDATE kinerja.jobs SET state = 'completed', finished_at = now(), lease_token = NULL, lease_expires_at = NULL
            WHERE id = \(running) AND lease_token = \(token)::uuid
            """)
        #expect(finished == 1)
        #expect(
            try conn.query("SELECT state FROM kinerja.job_history WHERE id = \(running)").first?.decode(
                0, as: String.self) == "completed")
        #expect(try conn.query("SELECT 1 FROM kinerja.jobs WHERE id = \(running)").count == 0)
        try pin.execute("ROLLBACK")
    }

    @Test("a transaction holding the table makes a compaction give up at once, not queue every claim behind it")
    func givesUpOnAHeldTable() throws {
        let (scratch, conn) = try ScratchDatabase.migrated("compactheld")
        defer { scratch.drop() }
        try Producer.enqueue(NewJob(kind: "noop", queue: "keep"), on: conn)
        let holder = try Connection(scratch.url)
        try holder.execute("BEGIN")
        try holder.execute("SELECT count(*) FROM kinerja.jobs")
        // A compaction that waited for the holder would fail this statement timeout instead of returning nil.
        try conn.execute("SET statement_timeout = '5s'")
        #expect(try JobsCompactor.run(on: conn, minBytes: 0) == nil)
        try holder.execute("COMMIT")
        // Once the holder is gone, the table is compacted.
        #expect(try JobsCompactor.run(on: conn, minBytes: 0) == 1)
    }

    @Test("the maintenance leader compacts the table while a snapshot stays open")
    func leaderCompacts() throws {
        let (scratch, conn) = try ScratchDatabase.migrated("compactlead")
        defer { scratch.drop() }
        let pin = try ReadyQueueTests.pinSnapshot(scratch.url)
        try Self.churn(scratch.url, on: conn)
        let before = try Self.jobsBytes(conn)
        var config = QueueTestKit(queue: "lead", url: scratch.url).configuration(concurrency: 1)
        config.exitWhenIdle = false
        config.compactMinBytes = 64 * 1024
        let pool = BackgroundPool(
            WorkerPool(configuration: config, registry: ReadyQueueTests.noop(), logger: QueueTestKit.logger))
        #expect(try eventually(within: 15) { try Self.jobsBytes(conn) * 4 < before })
        pool.stop()
        try pin.execute("ROLLBACK")
    }

    @Test("nothing of the queue is truncated while pg_dump is connected: its snapshot comes before its locks")
    func notDuringADump() throws {
        let (scratch, conn) = try ScratchDatabase.migrated("compactdump")
        defer { scratch.drop() }
        let pin = try ReadyQueueTests.pinSnapshot(scratch.url)
        try Self.churn(scratch.url, on: conn)
        // The churn's ready slot is no longer the one being written a second later, and could be emptied.
        Thread.sleep(forTimeInterval: 1.1)
        try withExtendedLifetime(try Connection(scratch.url + "?application_name=pg_dump")) { _ in
            #expect(try JobsCompactor.run(on: conn, minBytes: 0) == nil)
            #expect(try ReadyRecycler.run(on: conn).isEmpty)
            try CounterFolder.run(on: conn)
            let deltas = try conn.query("SELECT pg_relation_size('kinerja.job_counter_deltas')").first!.decode(
                0, as: Int64.self)
            #expect(deltas > 0, "folded by delete, not truncated")
        }
        // The dump gone, each is done again.
        #expect(try eventually(within: 5) { try JobsCompactor.run(on: conn, minBytes: 0) == 0 })
        #expect(try !ReadyRecycler.run(on: conn).isEmpty)
        try pin.execute("ROLLBACK")
    }

    @Test("a database of the landing before takes sql/026 with its jobs as they were, then compacts and recycles")
    func upgrade() throws {
        let scratch = try ScratchDatabase("compactup")
        defer { scratch.drop() }
        let conn = try Connection(scratch.url)
        try scratch.migrate(before: "026", on: conn)
        let available = try (0..<10).map { _ in
            try Producer.enqueue(NewJob(kind: "noop", queue: "up"), on: conn).id
        }
        try conn.execute(
            """
            INSERT INTO kinerja.jobs (kind, queue, state, attempt, lease_token, lease_expires_at)
            VALUES ('noop', 'up', 'running', 1, gen_random_uuid(), now() + interval '1 hour')
            """)
        let rows = try Self.jobRows(conn)
        #expect(try scratch.migrateToToday(on: conn).first == "026_queue_tables_kept_small.sql")
        #expect(try Self.jobRows(conn) == rows)
        #expect(try JobsCompactor.run(on: conn, minBytes: 0) == 11)
        #expect(try Self.jobRows(conn) == rows)
        #expect(try Self.readyRows("up", conn) == available)
        // sql/018's recycler, renamed, answers through its wrapper for every slot (a missing function would throw).
        _ = try ReadyRecycler.run(on: conn)
    }
}

import Foundation
import Postgres
import TestSupport
import Testing

@testable import JobQueue

/// sql/029: `kinerja.workers`, updated by every process's heartbeat, is rewritten by TRUNCATE when it has grown under
/// an old snapshot, with every row kept as it was. Each test has a database of its own, so the sizes are its own.
@Suite("kinerja.workers compacted under an old snapshot")
struct WorkersCompactorTests {
    static func bytes(_ conn: Connection) throws -> Int64 {
        try conn.query("SELECT pg_total_relation_size('kinerja.workers')").first!.decode(0, as: Int64.self)
    }

    /// Every row, every column, in owner order.
    static func rows(_ conn: Connection) throws -> String {
        try conn.query("SELECT jsonb_agg(to_jsonb(w) ORDER BY owner)::text FROM kinerja.workers w").first!.decode(
            0, as: String.self)
    }

    /// Three workers' rows, each refreshed 1 000 times in transactions of their own, as heartbeats are.
    static func heartbeats(on conn: Connection) throws {
        for i in 0..<3 {
            try conn.execute(
                SQL(
                    unsafeSQL: WorkerRegistry.seen,
                    binds: ["host:\(i):test", i == 0 ? nil : ["q\(i)"], ["noop", "other"], 4, i]))
        }
        for n in 0..<3000 {
            try conn.execute("UPDATE kinerja.workers SET seen_at = now() WHERE owner = \("host:\(n % 3):test")")
        }
    }

    @Test("a database of the landing before takes sql/029; an old snapshot's dead rows go, every row stays as it was")
    func compacts() throws {
        let scratch = try ScratchDatabase("workerscompact")
        defer { scratch.drop() }
        let conn = try Connection(scratch.url)
        try scratch.migrate(before: "029", on: conn)
        let pin = try ReadyQueueTests.pinSnapshot(scratch.url)
        try Self.heartbeats(on: conn)
        let rows = try Self.rows(conn)
        #expect(try scratch.migrateToToday(on: conn).first == "029_workers_compacted.sql")
        #expect(try Self.rows(conn) == rows)
        let before = try Self.bytes(conn)

        #expect(try WorkersCompactor.run(on: conn, minBytes: before + 1) == nil)
        #expect(try Self.bytes(conn) == before)
        #expect(try WorkersCompactor.run(on: conn, minBytes: 0) == 3)
        let after = try Self.bytes(conn)
        #expect(after * 4 < before, "\(before) -> \(after) bytes")
        #expect(try Self.rows(conn) == rows)
        // Heartbeats go on as before.
        try conn.execute(SQL(unsafeSQL: WorkerRegistry.seen, binds: ["host:0:test", [String]?.none, ["noop"], 8, 8]))
        #expect(
            try conn.query("SELECT concurrency FROM kinerja.workers WHERE owner = 'host:0:test'").first?.decode(
                0, as: Int.self) == 8)
        try pin.execute("ROLLBACK")
    }

    @Test("a transaction holding kinerja.workers makes a compaction give up at once, not hold the heartbeats")
    func givesUpOnAHeldTable() throws {
        let (scratch, conn) = try ScratchDatabase.migrated("workersheld")
        defer { scratch.drop() }
        try conn.execute(SQL(unsafeSQL: WorkerRegistry.seen, binds: ["host:1:test", [String]?.none, ["noop"], 4, 4]))
        let holder = try Connection(scratch.url)
        try holder.execute("BEGIN")
        try holder.execute("SELECT count(*) FROM kinerja.workers")
        // A compaction that waited for the holder would fail this statement timeout instead of returning nil.
        try conn.execute("SET statement_timeout = '5s'")
        #expect(try WorkersCompactor.run(on: conn, minBytes: 0) == nil)
        try holder.execute("COMMIT")
        #expect(try WorkersCompactor.run(on: conn, minBytes: 0) == 1)
    }

    @Test("kinerja.workers is not truncated while pg_dump is connected")
    func notDuringADump() throws {
        let (scratch, conn) = try ScratchDatabase.migrated("workersdump")
        defer { scratch.drop() }
        try conn.execute(SQL(unsafeSQL: WorkerRegistry.seen, binds: ["host:1:test", [String]?.none, ["noop"], 4, 4]))
        try withExtendedLifetime(try Connection(scratch.url + "?application_name=pg_dump")) { _ throws in
            #expect(try WorkersCompactor.run(on: conn, minBytes: 0) == nil)
        }
        #expect(try eventually(within: 5) { try WorkersCompactor.run(on: conn, minBytes: 0) == 1 })
    }

    @Test("the maintenance leader compacts kinerja.workers while a snapshot stays open")
    func leaderCompacts() throws {
        let (scratch, conn) = try ScratchDatabase.migrated("workerslead")
        defer { scratch.drop() }
        let pin = try ReadyQueueTests.pinSnapshot(scratch.url)
        try Self.heartbeats(on: conn)
        let before = try Self.bytes(conn)
        var config = QueueTestKit(queue: "lead", url: scratch.url).configuration(concurrency: 1)
        config.exitWhenIdle = false
        config.workersCompactMinBytes = 64 * 1024
        let pool = BackgroundPool(
            WorkerPool(configuration: config, registry: ReadyQueueTests.noop(), logger: QueueTestKit.logger))
        #expect(try eventually(within: 15) { try Self.bytes(conn) * 4 < before })
        pool.stop()
        try pin.execute("ROLLBACK")
    }
}

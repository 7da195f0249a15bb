import Foundation
import Postgres
import TestSupport
import Testing

@testable import JobQueue

/// The attempt counters: rows that completions insert (sql/021), folded into `kinerja.job_counters`.
@Suite("Counter folder: attempt counts without one hot row")
struct CounterFolderTests {
    /// `count` jobs of `queue`, running under leases this test holds; returns their ids and tokens.
    func running(_ count: Int, queue: String, on conn: Connection) throws -> [(Int64, UUID)] {
        try (0..<count).map { _ in
            let id = try Producer.enqueue(NewJob(kind: "count", queue: queue), on: conn).id
            let token = UUID()
            try conn.execute(
                """
                UPDATE kinerja.jobs SET state = 'running', attempt = 1, attempted_at = now(), lease_token = \(token),
                    lease_expires_at = now() + interval '1 minute', lease_owner = 'test'
                WHERE id = \(id)
                """)
            return (id, token)
        }
    }

    func complete(_ jobs: [(Int64, UUID)], on conn: Connection) throws -> Int {
        try conn.query(
            SQL(
                unsafeSQL: Completion.completeMany,
                binds: [jobs.map(\.0), jobs.map(\.1.uuidString), jobs.map { _ in String?.none }])
        ).rows.count
    }

    func counted(_ queue: String, on conn: Connection) throws -> Int {
        try conn.query("SELECT COALESCE(sum(completed), 0)::int FROM kinerja.v_metrics_counters WHERE queue = \(queue)")
            .first!.decode(0, as: Int.self)
    }

    func table(_ name: String, _ queue: String, on conn: Connection) throws -> Int {
        try conn.query(
            SQL(
                unsafeSQL: "SELECT COALESCE(sum(completed), 0)::int FROM kinerja.\(name) WHERE queue = $1",
                binds: [queue])
        ).first!.decode(0, as: Int.self)
    }

    @Test("two processes' completions of one queue and kind do not wait for each other's commit")
    func noHotRow() throws {
        let (scratch, conn) = try ScratchDatabase.migrated("counters")
        defer { scratch.drop() }
        let jobs = try running(2, queue: "hot", on: conn)
        let first = try Connection(scratch.url)
        let second = try Connection(scratch.url)
        try first.execute("BEGIN")
        #expect(try complete([jobs[0]], on: first) == 1)
        // The first transaction has not committed: with one counter row per (queue, kind) the second waited here.
        try second.execute("SET lock_timeout = '2s'")
        #expect(try complete([jobs[1]], on: second) == 1)
        try first.execute("COMMIT")
        #expect(try counted("hot", on: conn) == 2)
    }

    @Test("every completing statement inserts its count as a new row: no counter row is updated")
    func insertOnly() throws {
        let (scratch, conn) = try ScratchDatabase.migrated("deltas")
        defer { scratch.drop() }
        // An update would leave a version behind that an old snapshot keeps for the next update to walk past.
        for _ in 0..<5 { #expect(try complete(try running(2, queue: "ins", on: conn), on: conn) == 2) }
        let rows = try conn.query("SELECT count(*)::int FROM kinerja.job_counter_deltas WHERE queue = 'ins'")
        #expect(try rows.first!.decode(0, as: Int.self) == 5)
        #expect(try table("job_counter_shards", "ins", on: conn) == 0)
        #expect(try counted("ins", on: conn) == 10)
    }

    @Test("a fold moves the counts into job_counters in one statement, leaving a count not yet committed")
    func fold() throws {
        let (scratch, conn) = try ScratchDatabase.migrated("fold")
        defer { scratch.drop() }
        #expect(try complete(try running(3, queue: "fold", on: conn), on: conn) == 3)
        // Workers from before sql/019 add to job_counters directly, those from before sql/021 to a shard row.
        try conn.execute("INSERT INTO kinerja.job_counters (queue, kind, completed) VALUES ('fold', 'count', 5)")
        try conn.execute(
            "INSERT INTO kinerja.job_counter_shards (queue, kind, shard, completed) VALUES ('fold', 'count', 7, 4)")
        #expect(try counted("fold", on: conn) == 12)
        #expect(try CounterFolder.run(on: conn) == 2)
        #expect(try counted("fold", on: conn) == 12)
        #expect(try table("job_counters", "fold", on: conn) == 12)
        #expect(try table("job_counter_shards", "fold", on: conn) == 0)
        #expect(try table("job_counter_deltas", "fold", on: conn) == 0)

        // A completion whose transaction is still open: the fold leaves its count for next time.
        let writer = try Connection(scratch.url)
        try writer.execute("BEGIN")
        #expect(try complete(try running(2, queue: "fold", on: conn), on: writer) == 2)
        #expect(try CounterFolder.run(on: conn) == 0)
        try writer.execute("COMMIT")
        #expect(try counted("fold", on: conn) == 14)
        #expect(try CounterFolder.run(on: conn) == 1)
        #expect(try table("job_counters", "fold", on: conn) == 14)
        #expect(try counted("fold", on: conn) == 14)
    }

    @Test("under an old snapshot a fold leaves the delta tables empty, not full of dead rows, and every count kept")
    func foldTruncates() throws {
        let (scratch, conn) = try ScratchDatabase.migrated("foldpin")
        defer { scratch.drop() }
        let pin = try ReadyQueueTests.pinSnapshot(scratch.url)
        for _ in 0..<5 { #expect(try complete(try running(4, queue: "pin", on: conn), on: conn) == 4) }
        func bytes(_ table: String) throws -> Int64 {
            try conn.query(SQL(unsafeSQL: "SELECT pg_relation_size($1::regclass)", binds: ["kinerja." + table]))
                .first!.decode(0, as: Int64.self)
        }
        #expect(try bytes("job_counter_deltas") > 0)
        #expect(try bytes("job_history_count_deltas") > 0)
        #expect(try CounterFolder.run(on: conn) == 5)
        #expect(try bytes("job_counter_deltas") == 0)
        #expect(try bytes("job_history_count_deltas") == 0)
        #expect(try counted("pin", on: conn) == 20)
        let finished = try conn.query(
            "SELECT jobs::int FROM kinerja.v_queue WHERE queue = 'pin' AND state = 'completed'"
        ).first?.decode(0, as: Int.self)
        #expect(finished == 20)
        try pin.execute("ROLLBACK")
    }
}

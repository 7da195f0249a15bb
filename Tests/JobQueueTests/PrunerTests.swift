import Foundation
import Postgres
import TestSupport
import Testing

@testable import JobQueue

/// Retention drops whole day partitions of the history (sql/024), so it keeps pace with any queue.
@Suite("Pruner: retention by day partitions")
struct PrunerTests {
    static func partitions(on conn: Connection) throws -> [String] {
        try conn.query(
            """
            SELECT c.relname::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'kinerja.job_history'::regclass ORDER BY 1
            """
        ).rows.map { try $0.decode(0, as: String.self) }
    }

    static func count(_ sql: String, on conn: Connection) throws -> Int {
        try conn.query(SQL(unsafeSQL: sql)).first!.decode(0, as: Int.self)
    }

    @Test("a partition whose day left the retention is dropped with its counts; later days and unfinished jobs stay")
    func dropsDays() throws {
        let (scratch, conn) = try ScratchDatabase.migrated("prune")
        defer { scratch.drop() }
        let today = try conn.query("SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYYMMDD')").first!.decode(
            0, as: String.self)
        #expect(try Self.partitions(on: conn).contains("job_history_\(today)"))
        try conn.execute(
            """
            INSERT INTO kinerja.jobs (kind, queue, state, finished_at, created_at)
            SELECT 'noop', 'prune', 'completed', now() - interval '8 days', now() - interval '8 days'
            FROM generate_series(1, 500);
            INSERT INTO kinerja.jobs (kind, queue, state, finished_at) VALUES ('noop', 'prune', 'completed', now());
            INSERT INTO kinerja.jobs (kind, queue, state, run_at) VALUES ('noop', 'prune', 'scheduled', now() + interval '1 day')
            """)
        try CounterFolder.run(on: conn)
        #expect(
            try Self.count(
                "SELECT jobs::int FROM kinerja.v_queue WHERE queue = 'prune' AND state = 'completed'", on: conn) == 501)

        // A retention of nothing: the partition of the days before the upgrade (every day before today) goes.
        let round = try Pruner.run(retentionSeconds: 0, on: conn)
        #expect(round.partitions == 1 && round.rows == 0 && !round.backlog)
        #expect(!(try Self.partitions(on: conn).contains("job_history_upgrade")))
        #expect(try Self.count("SELECT count(*)::int FROM kinerja.v_jobs WHERE queue = 'prune'", on: conn) == 2)
        try CounterFolder.run(on: conn)
        #expect(
            try Self.count(
                "SELECT jobs::int FROM kinerja.v_queue WHERE queue = 'prune' AND state = 'completed'", on: conn) == 1)
        // Today's partition and the days ahead are kept.
        #expect(try Pruner.run(retentionSeconds: 7 * 86_400, on: conn).partitions == 0)
        #expect(try Self.partitions(on: conn).filter { $0.hasPrefix("job_history_2") }.count == Pruner.daysAhead)
    }

    @Test("finishes on a day with no partition land in the default partition, and retention deletes them in batches")
    func defaultPartition() throws {
        let (scratch, conn) = try ScratchDatabase.migrated("prunedef")
        defer { scratch.drop() }
        _ = try Pruner.run(retentionSeconds: 0, on: conn)  // no partition before today any more
        let old = Pruner.batch + 500
        try conn.execute(
            """
            INSERT INTO kinerja.jobs (kind, queue, state, finished_at, created_at)
            SELECT 'noop', 'prunedef', 'discarded', now() - interval '8 days', now() - interval '8 days'
            FROM generate_series(1, \(old))
            """)
        #expect(try Self.count("SELECT count(*)::int FROM kinerja.job_history_default", on: conn) == old)
        var round = try Pruner.run(retentionSeconds: 7 * 86_400, on: conn)
        #expect(round.rows == Pruner.batch && round.backlog)
        round = try Pruner.run(retentionSeconds: 7 * 86_400, on: conn)
        #expect(round.rows == 500 && !round.backlog)
        try CounterFolder.run(on: conn)
        #expect(try Self.count("SELECT count(*)::int FROM kinerja.v_queue WHERE queue = 'prunedef'", on: conn) == 0)
    }

    @Test("a partition lost to retention is made again ahead, and a dropped day's partition is not")
    func addsAhead() throws {
        let (scratch, conn) = try ScratchDatabase.migrated("pruneadd")
        defer { scratch.drop() }
        let last = try Self.partitions(on: conn).filter { $0.hasPrefix("job_history_2") }.max()!
        try conn.execute("DROP TABLE kinerja.\(identifier: last)")
        try conn.execute("DELETE FROM kinerja.job_history_partitions WHERE name = \(last)")
        _ = try Pruner.run(retentionSeconds: 7 * 86_400, on: conn)
        #expect(try Self.partitions(on: conn).contains(last))
    }

    @Test("a long reader of the history makes retention wait a round, not the queue")
    func longReader() throws {
        let (scratch, conn) = try ScratchDatabase.migrated("prunelock")
        defer { scratch.drop() }
        let reader = try Connection(scratch.url)
        try reader.execute("BEGIN; SELECT count(*) FROM kinerja.v_jobs")
        let started = Date()
        let round = try Pruner.run(retentionSeconds: 0, on: conn)
        #expect(round.partitions == 0)
        #expect(Date().timeIntervalSince(started) < 5)
        // Jobs still finish into the history meanwhile.
        try conn.execute(
            "INSERT INTO kinerja.jobs (kind, queue, state, finished_at) VALUES ('noop', 'lock', 'completed', now())")
        try reader.execute("COMMIT")
        #expect(try Pruner.run(retentionSeconds: 0, on: conn).partitions == 1)
    }
}

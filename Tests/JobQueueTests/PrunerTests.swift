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

    /// Makes and lists the partition `name` of the UTC day `daysAgo` days before today, as `add_history_partitions`
    /// would have made it then.
    static func addPastDay(_ name: String, daysAgo: Int, on conn: Connection) throws {
        let day = "date_trunc('day', now() AT TIME ZONE 'UTC') - interval '\(daysAgo) days'"
        try conn.execute(
            SQL(
                unsafeSQL: """
                    DO $$ BEGIN
                        EXECUTE format('CREATE TABLE kinerja.%I PARTITION OF kinerja.job_history
                                        FOR VALUES FROM (%L) TO (%L)', '\(name)', (\(day)) AT TIME ZONE 'UTC',
                                       (\(day) + interval '1 day') AT TIME ZONE 'UTC');
                    END $$;
                    INSERT INTO kinerja.job_history_partitions
                    VALUES ('\(name)', (\(day) + interval '1 day') AT TIME ZONE 'UTC')
                    """))
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

    @Test("days with no partition go to the default partition; dropping an older day keeps their counts")
    func defaultPartition() throws {
        let (scratch, conn) = try ScratchDatabase.migrated("prunedef")
        defer { scratch.drop() }
        _ = try Pruner.run(retentionSeconds: 0, on: conn)  // no partition before today any more
        // A partition for the day 8 days ago, made while nothing of it was in the default partition.
        try Self.addPastDay("job_history_old", daysAgo: 8, on: conn)
        let day = "date_trunc('day', now() AT TIME ZONE 'UTC') - interval '8 days'"
        let inDefault = Pruner.batch + 500
        try conn.execute(
            SQL(
                unsafeSQL: """
                    INSERT INTO kinerja.jobs (kind, queue, state, finished_at, created_at)
                    SELECT 'noop', 'prunedef', 'discarded', t, t
                    FROM (SELECT (\(day) + interval '12 hours') AT TIME ZONE 'UTC' AS t) d, generate_series(1, 100);
                    INSERT INTO kinerja.jobs (kind, queue, state, finished_at, created_at)
                    SELECT 'noop', 'prunedef', 'discarded', t, t
                    FROM (SELECT (\(day) - interval '12 hours') AT TIME ZONE 'UTC' AS t) d, generate_series(1, \(inDefault));
                    INSERT INTO kinerja.jobs (kind, queue, state, finished_at) VALUES ('noop', 'prunedef', 'discarded', now())
                    """))
        #expect(try Self.count("SELECT count(*)::int FROM kinerja.job_history_default", on: conn) == inDefault)
        let discarded = "SELECT COALESCE(sum(jobs), 0)::int FROM kinerja.v_queue WHERE queue = 'prunedef'"
        try CounterFolder.run(on: conn)
        #expect(try Self.count(discarded, on: conn) == 100 + inDefault + 1)

        // The older day goes whole; the default partition's rows of the day before it, a batch at a time, counted
        // out as they go (their counts are not dropped with the newer day's).
        var round = try Pruner.run(retentionSeconds: 7 * 86_400, on: conn)
        #expect(round.partitions == 1 && round.rows == Pruner.batch && round.backlog)
        try CounterFolder.run(on: conn)
        #expect(try Self.count(discarded, on: conn) == 500 + 1)
        round = try Pruner.run(retentionSeconds: 7 * 86_400, on: conn)
        #expect(round.partitions == 0 && round.rows == 500 && !round.backlog)
        try CounterFolder.run(on: conn)
        #expect(try Self.count(discarded, on: conn) == 1)
    }

    @Test("partitions are made ahead, past a day whose finishes are in the default partition")
    func addsAhead() throws {
        let (scratch, conn) = try ScratchDatabase.migrated("pruneadd")
        defer { scratch.drop() }
        let days = try Self.partitions(on: conn).filter { $0.hasPrefix("job_history_2") }
        #expect(days.count == Pruner.daysAhead)
        // Today's and tomorrow's partitions gone (as if no process had made them), and a job finished today.
        for name in days.prefix(2) {
            try conn.execute("DROP TABLE kinerja.\(identifier: name)")
            try conn.execute("DELETE FROM kinerja.job_history_partitions WHERE name = \(name)")
        }
        try conn.execute(
            "INSERT INTO kinerja.jobs (kind, queue, state, finished_at) VALUES ('noop', 'ahead', 'completed', now())")
        #expect(try Pruner.addAhead(on: conn) == 1)
        let now = try Self.partitions(on: conn)
        #expect(!now.contains(days[0]) && now.contains(days[1]))
        #expect(try Self.count("SELECT count(*)::int FROM kinerja.job_history_default", on: conn) == 1)
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
        // The functions' lock timeout was theirs alone.
        #expect(try conn.query("SHOW lock_timeout").first!.decode(0, as: String.self) == "0")
        // Jobs still finish into the history meanwhile.
        try conn.execute(
            "INSERT INTO kinerja.jobs (kind, queue, state, finished_at) VALUES ('noop', 'lock', 'completed', now())")
        try reader.execute("COMMIT")
        #expect(try Pruner.run(retentionSeconds: 0, on: conn).partitions == 1)
    }
}

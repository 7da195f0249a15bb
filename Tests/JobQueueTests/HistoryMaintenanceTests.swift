import Foundation
import Postgres
import TestSupport
import Testing

@testable import JobQueue

/// The history's maintenance functions as sql/025 hardened them: what a review found fragile in sql/024.
@Suite("History maintenance: partitions made and dropped safely")
struct HistoryMaintenanceTests {
    static func partitions(on conn: Connection) throws -> [String] { try PrunerTests.partitions(on: conn) }

    /// The partitions of today and the days ahead, by name, from the function's own list.
    static func days(on conn: Connection) throws -> [String] {
        try partitions(on: conn).filter { $0.hasPrefix("job_history_2") }
    }

    static func forget(_ name: String, on conn: Connection) throws {
        try conn.execute("DROP TABLE kinerja.\(identifier: name)")
        try conn.execute("DELETE FROM kinerja.job_history_partitions WHERE name = \(name)")
    }

    @Test("today is not tried while the default partition holds rows: no scan of it under the history's lock")
    func startedDayNotRetried() throws {
        let (scratch, conn) = try ScratchDatabase.migrated("histstarted")
        defer { scratch.drop() }
        _ = try Pruner.run(retentionSeconds: 0, on: conn)  // no partition before today: older finishes go to default
        let today = try Self.days(on: conn)[0]
        try Self.forget(today, on: conn)
        // Old rows waiting for retention, then a job finished today: both in the default partition.
        try conn.execute(
            """
            INSERT INTO kinerja.jobs (kind, queue, state, finished_at, created_at)
            SELECT 'noop', 'started', 'completed', now() - interval '3 days', now() - interval '3 days'
            FROM generate_series(1, 2000);
            INSERT INTO kinerja.jobs (kind, queue, state, finished_at) VALUES ('noop', 'started', 'completed', now())
            """)
        try conn.execute("BEGIN")
        defer { _ = try? conn.execute("ROLLBACK") }
        #expect(try Pruner.addAhead(on: conn) == 0)
        // Making today's partition would read the default partition up to today's row, behind the 2 000 before it.
        let read =
            try conn.query(
                "SELECT seq_tup_read::int FROM pg_stat_xact_user_tables WHERE relname = 'job_history_default'"
            ).first?.decode(0, as: Int?.self) ?? 0
        #expect(read < 100)
        #expect(!(try Self.partitions(on: conn).contains(today)))
    }

    @Test("partition bounds are written in ISO style whatever the caller's DateStyle and time zone")
    func dateStyle() throws {
        let (scratch, conn) = try ScratchDatabase.migrated("histstyle")
        defer { scratch.drop() }
        let last = try #require(try Self.days(on: conn).last)
        try Self.forget(last, on: conn)
        // As an operator's psql on a server set up for Indonesia might call it: zones printed as 'WIB'.
        try conn.execute("SET datestyle = 'SQL, DMY'; SET timezone = 'Asia/Jakarta'")
        #expect(try Pruner.addAhead(on: conn) == 1)
        #expect(try Self.partitions(on: conn).contains(last))
    }

    @Test("a call that drops a day leaves the default partition's rows to the next call; the pruner makes both")
    func dropThenDelete() throws {
        let (scratch, conn) = try ScratchDatabase.migrated("histsplit")
        defer { scratch.drop() }
        _ = try Pruner.run(retentionSeconds: 0, on: conn)
        // A past day's partition, made before any of its finishes went elsewhere, and 30 older finishes in default.
        try PrunerTests.addPastDay("job_history_past", daysAgo: 9, on: conn)
        try conn.execute(
            """
            INSERT INTO kinerja.jobs (kind, queue, state, finished_at, created_at)
            SELECT 'noop', 'split', 'completed', t, t
            FROM (SELECT (date_trunc('day', now() AT TIME ZONE 'UTC') - interval '10 days') AT TIME ZONE 'UTC' AS t) d,
                 generate_series(1, 30)
            """)
        let drop = "SELECT partitions, rows_deleted FROM kinerja.drop_history_partitions(7 * 86400, 10000)"
        let first = try conn.query(SQL(unsafeSQL: drop)).first!
        #expect(try first.decode(0, as: Int.self) == 1 && first.decode(1, as: Int.self) == 0)
        let second = try conn.query(SQL(unsafeSQL: drop)).first!
        #expect(try second.decode(0, as: Int.self) == 0 && second.decode(1, as: Int.self) == 30)

        // Through the pruner: one round does both, in two transactions.
        try conn.execute(
            """
            INSERT INTO kinerja.jobs (kind, queue, state, finished_at, created_at)
            SELECT 'noop', 'split', 'completed', now() - interval '10 days', now() - interval '10 days'
            FROM generate_series(1, 20)
            """)
        try PrunerTests.addPastDay("job_history_past2", daysAgo: 8, on: conn)
        let round = try Pruner.run(retentionSeconds: 7 * 86_400, on: conn)
        #expect(round.partitions == 1 && round.rows == 20 && !round.backlog)
    }

    @Test("a partition dropped by hand does not stop retention")
    func droppedByHand() throws {
        let (scratch, conn) = try ScratchDatabase.migrated("histhand")
        defer { scratch.drop() }
        try conn.execute("DROP TABLE kinerja.job_history_upgrade")
        let round = try Pruner.run(retentionSeconds: 0, on: conn)
        #expect(round.partitions == 1)
        #expect(
            try conn.query(
                "SELECT count(*)::int FROM kinerja.job_history_partitions WHERE name = 'job_history_upgrade'"
            )
            .first!.decode(0, as: Int.self) == 0)
    }

    @Test("a negative retention is refused and drops nothing")
    func negativeRetention() throws {
        let (scratch, conn) = try ScratchDatabase.migrated("histneg")
        defer { scratch.drop() }
        let before = try Self.partitions(on: conn)
        #expect(throws: PostgresError.self) { _ = try Pruner.run(retentionSeconds: -3 * 86_400, on: conn) }
        #expect(try Self.partitions(on: conn) == before)
    }

    @Test("a finished state's age comes from the days that still count jobs, not from a day whose jobs were retried")
    func oldestAfterRetry() throws {
        let (scratch, conn) = try ScratchDatabase.migrated("histoldest")
        defer { scratch.drop() }
        // Discarded five days after it was made, three days ago; another made and discarded now.
        let old = try conn.query(
            """
            INSERT INTO kinerja.jobs (kind, queue, state, created_at, finished_at)
            VALUES ('noop', 'oldest', 'discarded', now() - interval '8 days', now() - interval '3 days') RETURNING id
            """
        ).first!.decode(0, as: Int64.self)
        try conn.execute(
            "INSERT INTO kinerja.jobs (kind, queue, state, finished_at) VALUES ('noop', 'oldest', 'discarded', now())")
        #expect(try QueueAdmin.retry(ids: [old], on: conn) == [old])
        let age = "SELECT oldest_seconds::float8 FROM kinerja.v_queue WHERE queue = 'oldest' AND state = 'discarded'"
        for fold in [false, true] {
            if fold { try CounterFolder.run(on: conn) }
            #expect(try conn.query(SQL(unsafeSQL: age)).first!.decode(0, as: Double.self) < 3_600, "folded: \(fold)")
        }
    }
}

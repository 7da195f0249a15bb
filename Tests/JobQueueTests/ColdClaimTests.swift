import Foundation
import Postgres
import TestSupport
import Testing

@testable import JobQueue

/// A worker that idled on an empty queue claims the night's burst as a fresh one would: the pool's connections plan
/// each execution of their statements, so no plan made while the tables were empty is kept.
@Suite("Claims after an idle spell")
struct ColdClaimTests {
    /// Rows that the plan's filters and join filters read and threw away, over every loop.
    static func rowsThrownAway(_ node: [String: Any]) -> Int {
        let loops = node["Actual Loops"] as? Int ?? 1
        let own =
            ((node["Rows Removed by Filter"] as? Int ?? 0) + (node["Rows Removed by Join Filter"] as? Int ?? 0))
            * loops
        return own + (node["Plans"] as? [[String: Any]] ?? []).reduce(0) { $0 + rowsThrownAway($1) }
    }

    @Test("ten idle claims on empty tables, then 5 000 jobs: a claim of 500 looks each one up, not every row per job")
    func burstAfterIdle() throws {
        let (scratch, admin) = try ScratchDatabase.migrated("coldclaim")
        defer { scratch.drop() }
        // Empty tables, as after a drained night: no row and no page in kinerja.jobs or the ready slots.
        try admin.execute("VACUUM kinerja.jobs")
        let conn = try Reconnect.open(scratch.url, name: "cold test")
        try conn.execute("SET enable_sort = off")
        try conn.execute(
            SQL(
                unsafeSQL: "PREPARE cold_claim (int, float8, text, text[], text[], text[], smallint, timestamptz, "
                    + "bigint) AS " + Claim.claimQueues))
        func execute(_ limit: Int) -> String {
            "EXECUTE cold_claim (\(limit), 30, 'test', '{ours}', '{}', '{noop}', -32768, '-infinity', "
                + "-9223372036854775808)"
        }
        for _ in 0..<10 { try conn.execute(SQL(unsafeSQL: execute(1))) }

        try admin.execute(
            "INSERT INTO kinerja.jobs (kind, queue, args) SELECT 'noop', 'ours', '{}' FROM generate_series(1, 5000)")
        try conn.execute("BEGIN")
        defer { _ = try? conn.execute("ROLLBACK") }
        let plan = try conn.query(
            SQL(unsafeSQL: "EXPLAIN (ANALYZE, FORMAT JSON) " + execute(500))
        ).first!.decode(0, as: String.self)
        let top = try #require(
            (try JSONSerialization.jsonObject(with: Data(plan.utf8)) as? [[String: Any]])?.first?["Plan"]
                as? [String: Any])
        #expect(top["Actual Rows"] as? Int == 500)
        // A plan kept from the idle claims joins each claimed job against every row: 5 000 × 500 rows read.
        #expect(Self.rowsThrownAway(top) < 5_000, "\(plan)")
    }
}

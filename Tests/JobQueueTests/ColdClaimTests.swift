import Foundation
import Postgres
import TestSupport
import Testing

@testable import JobQueue

/// A worker that idled on an empty queue claims the night's burst as a fresh one would: the claim's one plan
/// (`PlanOnce`) reaches every table by an index or by row addresses, however empty the tables were when it
/// was made.
@Suite("Claims after an idle spell")
struct ColdClaimTests {
    /// Plans `conn`'s statements as the fetcher plans its claims: its connection's settings, then `PlanOnce`'s.
    static func planAsFetcher(_ conn: Connection) throws {
        try conn.execute(SQL(unsafeSQL: Reconnect.fetcherSettings))
        try conn.execute(SQL(unsafeSQL: Reconnect.queueSettings))
        try planOnce(conn)
    }

    /// `PlanOnce.settings` for the rest of `conn`'s session.
    static func planOnce(_ conn: Connection) throws {
        for (name, value) in PlanOnce.settings {
            try conn.execute(SQL(unsafeSQL: "SELECT set_config($1, $2, false)", binds: [name, value]))
        }
    }

    @Test(
        "ten idle claims on empty tables, then 5 000 jobs: a claim of 500 reads its own rows, not every row per job",
        arguments: [nil, ["ours"]] as [[String]?])
    func burstAfterIdle(queues: [String]?) throws {
        let (scratch, admin) = try ScratchDatabase.migrated("coldclaim")
        defer { scratch.drop() }
        // Empty tables, as after a drained night: no row and no page in kinerja.jobs or the ready slots, and
        // statistics that say so.
        try admin.execute("VACUUM ANALYZE kinerja.jobs")
        try admin.execute("VACUUM ANALYZE kinerja.ready")
        let conn = try Reconnect.open(scratch.url, name: "cold test")
        try Self.planAsFetcher(conn)
        try conn.execute(
            SQL(
                unsafeSQL: "PREPARE cold_claim (int, float8, text, text[], text[], text[], smallint, timestamptz, "
                    + "bigint) AS " + Claim.statement(queues: queues)))
        func execute(_ limit: Int) -> String {
            "EXECUTE cold_claim (\(limit), 30, 'test', '{ours}', '{}', '{noop}', -32768, '-infinity', "
                + "-9223372036854775808)"
        }
        for _ in 0..<10 { try conn.execute(SQL(unsafeSQL: execute(1))) }

        try admin.execute(
            "INSERT INTO kinerja.jobs (kind, queue, args) SELECT 'noop', 'ours', '{}' FROM generate_series(1, 5000)")
        try conn.execute("BEGIN")
        defer { _ = try? conn.execute("ROLLBACK") }
        let plan = try QueryPlan(execute(500), on: conn)
        #expect(plan.top["Actual Rows"] as? Int == 500, "\(plan.text)")
        // Its own rows: 500 ready rows found, the same 500 deleted (and up to 500 in each other slot that hold the
        // same addresses, checked and left: the jobs may straddle two slots), 500 jobs leased. A plan that joined
        // them against a whole table read 5 000 rows for each claimed job.
        #expect(plan.rowsRead <= 2_500, "\(plan.text)")
        #expect(!plan.text.contains("\"Seq Scan\""), "\(plan.text)")
        // The ready rows taken are deleted by their addresses, not found again through an index of the slot.
        let delete = try #require(plan.nodes.first { $0["Operation"] as? String == "Delete" })
        let reads = QueryPlan.nodes(in: delete).filter { ($0["Relation Name"] as? String)?.hasPrefix("ready_") == true }
        #expect(!reads.isEmpty && reads.allSatisfy { $0["Node Type"] as? String == "Tid Scan" }, "\(plan.text)")
    }
}

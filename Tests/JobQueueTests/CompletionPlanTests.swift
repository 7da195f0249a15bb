import Foundation
import Logging
import Postgres
import TestSupport
import Testing

@testable import JobQueue

/// A batch completion's cost follows the batch, not the backlog: on the finisher's connection each completed job is
/// looked up by its id, where the server's default page costs hashed the batch against every unfinished job.
@Suite("Batch completion plans")
struct CompletionPlanTests {
    @Test("with 30 000 jobs waiting, a completion of 1 000 reads no sequential scan of kinerja.jobs")
    func looksUpByID() throws {
        let (scratch, admin) = try ScratchDatabase.migrated("completeplan")
        defer { scratch.drop() }
        try admin.execute(
            "INSERT INTO kinerja.jobs (kind, queue, args) SELECT 'noop', 'backlog', '{}' FROM generate_series(1, 30000)"
        )
        try admin.execute("ANALYZE kinerja.jobs")
        let conn = try #require(
            Finisher(conninfo: scratch.url, name: "plan test", logger: Logger(label: "test")).ready())
        let ids = try admin.query("SELECT id FROM kinerja.jobs ORDER BY id LIMIT 1000").rows.map {
            try $0.decode(0, as: Int64.self)
        }
        try conn.execute(
            SQL(unsafeSQL: "PREPARE complete_many (bigint[], uuid[], text[]) AS " + Completion.completeMany))
        try conn.execute("BEGIN")
        defer { _ = try? conn.execute("ROLLBACK") }
        // Tokens no lease has: the plan is what counts, not what it deletes.
        let tokens = ids.map { _ in "'" + UUID().uuidString.lowercased() + "'" }.joined(separator: ",")
        let idList = ids.map(String.init).joined(separator: ",")
        let plan = try QueryPlan(
            "EXECUTE complete_many ('{\(idList)}', ARRAY[\(tokens)]::uuid[], array_fill('{}'::text, ARRAY[\(ids.count)]))",
            on: conn)
        let reads = plan.nodes.filter { $0["Relation Name"] as? String == "jobs" }.compactMap {
            $0["Node Type"] as? String
        }
        #expect(!reads.contains("Seq Scan") && reads.contains("Index Scan"), "\(plan.text)")
    }

    @Test("planned once while kinerja.jobs was empty, a completion of 500 out of 5 000 running reads its own rows")
    func plannedWhileEmpty() throws {
        let (scratch, admin) = try ScratchDatabase.migrated("coldcomplete")
        defer { scratch.drop() }
        try admin.execute("VACUUM ANALYZE kinerja.jobs")
        let conn = try #require(
            Finisher(conninfo: scratch.url, name: "plan test", logger: Logger(label: "test")).ready())
        try ColdClaimTests.planOnce(conn)
        try conn.execute(
            SQL(unsafeSQL: "PREPARE complete_many (bigint[], uuid[], text[]) AS " + Completion.completeMany))
        for _ in 0..<10 {
            try conn.execute("EXECUTE complete_many ('{1}', '{00000000-0000-0000-0000-000000000000}', '{null}')")
        }
        try admin.execute(
            """
            INSERT INTO kinerja.jobs (kind, queue, args, state, attempt, lease_token, lease_expires_at)
            SELECT 'noop', 'ours', '{}', 'running', 1, gen_random_uuid(), now() + interval '1 hour'
            FROM generate_series(1, 5000)
            """)
        let held = try admin.query("SELECT id, lease_token::text FROM kinerja.jobs ORDER BY random() LIMIT 500").rows
        let ids = try held.map { try String($0.decode(0, as: Int64.self)) }.joined(separator: ",")
        let tokens = try held.map { try $0.decode(1, as: String.self) }.joined(separator: ",")
        try conn.execute("BEGIN")
        defer { _ = try? conn.execute("ROLLBACK") }
        let plan = try QueryPlan(
            "EXECUTE complete_many ('{\(ids)}', '{\(tokens)}', array_fill(NULL::text, ARRAY[500]))", on: conn)
        #expect(plan.top["Actual Rows"] as? Int == 500, "\(plan.text)")
        // 500 jobs looked up, the same 500 deleted. A join planned on the empty table read all 5 000 per job.
        #expect(plan.rowsRead <= 1_000, "\(plan.text)")
        let reads = plan.nodes.filter { $0["Relation Name"] as? String == "jobs" }
        #expect(
            Set(reads.compactMap { $0["Node Type"] as? String }) == ["ModifyTable", "Index Scan", "Tid Scan"],
            "\(plan.text)")
    }

    @Test("sql/028: the row triggers of kinerja.jobs plan once per session, under the pool's force_custom_plan too")
    func triggersPlanOnce() throws {
        let (scratch, admin) = try ScratchDatabase.migrated("triggerplans")
        defer { scratch.drop() }
        for function in ["list_available_job", "move_finished_job"] {
            let settings = try admin.query(
                """
                SELECT array_to_string(proconfig, ' ') FROM pg_proc
                WHERE proname = \(function) AND pronamespace = 'kinerja'::regnamespace
                """
            ).first!.decode(0, as: String.self)
            #expect(settings.contains("plan_cache_mode=force_generic_plan"), "\(function): \(settings)")
        }
        // Still lists and moves what it did: a hand-back and a cancel on a connection that plans each statement.
        let conn = try Reconnect.open(scratch.url, name: "plan test")
        try admin.execute(
            """
            INSERT INTO kinerja.jobs (kind, queue, args, state, attempt, lease_token, lease_expires_at)
            SELECT 'noop', 'handback', '{}', 'running', 1, gen_random_uuid(), now() + interval '1 hour'
            FROM generate_series(1, 20)
            """)
        let held = try admin.query("SELECT id, lease_token::text FROM kinerja.jobs WHERE queue = 'handback'").rows
        let released = try conn.query(
            SQL(
                unsafeSQL: Completion.release,
                binds: [
                    try held.map { try $0.decode(0, as: Int64.self) },
                    try held.map { try $0.decode(1, as: String.self) },
                ]))
        #expect(released.rows.count == 20)
        let listed = try admin.query(
            "SELECT count(*)::int, count(DISTINCT job_id)::int FROM kinerja.ready WHERE queue = 'handback'"
        ).first!
        #expect(try listed.decode(0, as: Int.self) == 20 && listed.decode(1, as: Int.self) == 20)
        try conn.execute("UPDATE kinerja.jobs SET state = 'cancelled', finished_at = now() WHERE queue = 'handback'")
        let history = try admin.query(
            "SELECT count(*)::int FROM kinerja.job_history WHERE queue = 'handback' AND state = 'cancelled'"
        ).first!
        #expect(try history.decode(0, as: Int.self) == 20)
    }
}

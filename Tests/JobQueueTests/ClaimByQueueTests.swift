import Foundation
import Postgres
import TestSupport
import Testing

@testable import JobQueue

/// sql/023: a worker that serves named queues claims from its queues' own place in the ready list, so the ready rows
/// of queues it does not serve cannot slow its claims; a worker serving every queue claims in the common order.
@Suite("Claims by queue")
struct ClaimByQueueTests {
    @Test("a worker serving named queues claims queue by queue; one serving every queue, in the common order")
    func routing() {
        #expect(Claim.statement(queues: ["a", "b"]) == Claim.claimQueues)
        #expect(Claim.statement(queues: nil) == Claim.claim)
    }

    /// Ready rows a claim of 10 of queue `ours`'s jobs read and passed over (the plan's rows removed by a filter, but
    /// for the check of the rows its delete finds by address: another slot may hold rows at the same addresses), run as
    /// the fetcher runs it: prepared, with the fetcher's settings and the claim's generic plan (the one that does not
    /// know the queue), rolled back.
    static func rowsPassedOver(_ statement: String, on conn: Connection) throws -> Int {
        try ColdClaimTests.planAsFetcher(conn)
        try conn.execute("BEGIN")
        defer { _ = try? conn.execute("ROLLBACK") }
        try conn.execute(
            SQL(
                unsafeSQL: "PREPARE claim_under_test (int, float8, text, text[], text[], text[], smallint, "
                    + "timestamptz, bigint) AS " + statement))
        // A prepared statement outlives the rollback.
        defer { _ = try? conn.execute("DEALLOCATE claim_under_test") }
        return try QueryPlan(
            "EXECUTE claim_under_test (10, 30, 'test', '{ours}', '{}', '{noop}', -32768, '-infinity', "
                + "-9223372036854775808)", on: conn
        ).rowsRemovedByFilter(skipping: "Tid Scan")
    }

    @Test("20 000 ready rows of a queue not served, ahead of ours: our claim passes over none of them")
    func otherQueuesNotWalked() throws {
        let (scratch, conn) = try ScratchDatabase.migrated("claimq")
        defer { scratch.drop() }
        try conn.execute(
            "INSERT INTO kinerja.jobs (kind, queue, args) SELECT 'noop', 'elsewhere', '{}' FROM generate_series(1, 20000)"
        )
        try conn.execute(
            "INSERT INTO kinerja.jobs (kind, queue, args) SELECT 'noop', 'ours', '{}' FROM generate_series(1, 10)")
        try conn.execute("ANALYZE kinerja.ready")
        let byQueue = try Self.rowsPassedOver(Claim.claimQueues, on: conn)
        let inOrder = try Self.rowsPassedOver(Claim.claim, on: conn)
        #expect(byQueue == 0)
        // What the index spares: in the common order the claim walks every row of the other queue.
        #expect(inOrder >= 20_000)
    }

    @Test("a pool serving every queue skips a due job whose ready row another transaction holds, without waiting")
    func everyQueueSkipsLockedRows() throws {
        let (scratch, conn) = try ScratchDatabase.migrated("claimall")
        defer { scratch.drop() }
        let first = try Producer.enqueue(NewJob(kind: "noop", queue: "one", priority: 0), on: conn).id
        let second = try Producer.enqueue(NewJob(kind: "noop", queue: "two", priority: 1), on: conn).id
        let holder = try Connection(scratch.url)
        try holder.execute("BEGIN")
        try holder.execute("SELECT 1 FROM kinerja.ready WHERE job_id = \(first) FOR UPDATE")
        var registry = HandlerRegistry()
        registry.register("noop") { _ in nil }
        var config = TestWorkers.configuration(conninfo: scratch.url, queue: "one", exitWhenIdle: false)
        config.queues = nil
        let pool = BackgroundPool(WorkerPool(configuration: config, registry: registry, logger: TestWorkers.logger))
        defer { pool.stop() }
        #expect(try eventually(within: 5) { try TestJobs.job(second, on: conn).state == .completed })
        #expect(try TestJobs.job(first, on: conn).state == .available)
        try holder.execute("ROLLBACK")
        #expect(try eventually(within: 5) { try TestJobs.job(first, on: conn).state == .completed })
    }
}

import Foundation
import JobQueue
import Postgres
import TestSupport
import Testing

/// Finished jobs leave `kinerja.jobs` for the day-partitioned `kinerja.job_history` (sql/024), and keep their ids
/// and columns there.
@Suite("Job history: finished jobs move out of the hot table")
struct JobHistoryTests {
    struct Broken: Error {}

    /// Rows of `queue` in a final state still in `kinerja.jobs`, and rows of it in the history, by state.
    static func placement(queue: String, on conn: Connection) throws -> (inJobs: Int, history: [String: Int]) {
        let inJobs = try conn.query(
            """
            SELECT count(*)::int FROM kinerja.jobs
            WHERE queue = \(queue) AND state IN ('completed', 'cancelled', 'discarded')
            """
        ).first!.decode(0, as: Int.self)
        var history: [String: Int] = [:]
        for row in try conn.query(
            "SELECT state, count(*)::int FROM kinerja.job_history WHERE queue = \(queue) GROUP BY 1"
        ).rows {
            history[try row.decode(0, as: String.self)] = try row.decode(1, as: Int.self)
        }
        return (inJobs, history)
    }

    @Test(
        "every way a job finishes moves it: batch completion, completion in the handler's transaction, discard, cancel")
    func everyPathMoves() throws {
        let kit = try QueueTestKit("hist")
        let conn = try kit.connect()
        let plain = try Producer.enqueue(NewJob(kind: "plain", queue: kit.queue), on: conn).id
        let writer = try Producer.enqueue(NewJob(kind: "writer", queue: kit.queue), on: conn).id
        let broken = try Producer.enqueue(NewJob(kind: "broken", queue: kit.queue, maxAttempts: 1), on: conn).id
        let waiting = try Producer.enqueue(
            NewJob(kind: "plain", queue: kit.queue, runAt: Date().addingTimeInterval(3600)), on: conn
        ).id
        #expect(try QueueAdmin.cancel(ids: [waiting], on: conn)[waiting] == .cancelled)
        var registry = HandlerRegistry()
        registry.register("plain") { _ in JSONText("{\"rows\": 1}") }
        registry.register("writer") { ctx in
            try ctx.completeInTransaction { _ in ((), JSONText("{\"written\": 1}")) }
            return nil
        }
        registry.register("broken") { _ in throw Broken() }
        kit.runUntilIdle(registry)

        let placed = try Self.placement(queue: kit.queue, on: conn)
        #expect(placed.inJobs == 0)
        #expect(placed.history == ["completed": 2, "discarded": 1, "cancelled": 1])
        // Same ids, results and states as read through v_jobs.
        #expect(try kit.job(plain, on: conn).result?["rows"] == .number("1"))
        #expect(try kit.job(writer, on: conn).result?["written"] == .number("1"))
        #expect(try kit.job(broken, on: conn).state == .discarded)
        #expect(try kit.job(waiting, on: conn).state == .cancelled)
    }

    @Test("retry brings a discarded job back from the history under its id, and it runs")
    func retryFromHistory() throws {
        let kit = try QueueTestKit("hret")
        let conn = try kit.connect()
        let id = try Producer.enqueue(NewJob(kind: "once", queue: kit.queue, maxAttempts: 1), on: conn).id
        let failing = Locked(true)
        var registry = HandlerRegistry()
        registry.register("once") { _ in
            if failing.value { throw Broken() }
            return nil
        }
        kit.runUntilIdle(registry)
        #expect(try kit.job(id, on: conn).state == .discarded)
        failing.mutate { $0 = false }
        #expect(try QueueAdmin.retry(ids: [id], on: conn) == [id])
        #expect(try Self.placement(queue: kit.queue, on: conn).history.isEmpty)
        kit.runUntilIdle(registry)
        let job = try kit.job(id, on: conn)
        #expect(job.state == .completed && job.attempt == 1)
        #expect(try Self.placement(queue: kit.queue, on: conn).history == ["completed": 1])
        // Counted out of `discarded` when it left the history.
        #expect(
            try conn.query(
                "SELECT string_agg(state || '=' || jobs, ',' ORDER BY state) FROM kinerja.v_queue WHERE queue = \(kit.queue)"
            ).first!.decode(0, as: String.self) == "completed=1")
    }

    @Test("jobs list pages newest first across unfinished and finished jobs, for an operator and for a producer")
    func listAcrossTables() throws {
        let kit = try QueueTestKit("hlist")
        let conn = try kit.connect()
        let done = try (0..<3).map { _ in try Producer.enqueue(NewJob(kind: "plain", queue: kit.queue), on: conn).id }
        var registry = HandlerRegistry()
        registry.register("plain") { _ in nil }
        kit.runUntilIdle(registry)
        let waiting = try Producer.enqueue(
            NewJob(kind: "plain", queue: kit.queue, runAt: Date().addingTimeInterval(3600)), on: conn
        ).id
        let page = try QueueAdmin.list(.init(queue: kit.queue, limit: 3), on: conn).map(\.id)
        #expect(page == [waiting, done[2], done[1]])
        #expect(
            try QueueAdmin.list(.init(states: [.completed], queue: kit.queue, limit: 5), on: conn).map(\.id)
                == done.reversed())
        // A producer reads through v_jobs: its own jobs (this login created them), in the same order.
        try conn.execute("SET ROLE kinerja_producer")
        defer { _ = try? conn.execute("RESET ROLE") }
        #expect(try conn.query("SELECT kinerja.sees_all_jobs()").first!.decode(0, as: Bool.self) == false)
        #expect(try QueueAdmin.list(.init(queue: kit.queue, limit: 3), on: conn).map(\.id) == page)
    }

    @Test("v_queue counts the finished jobs from their counts, without reading the history")
    func queueCountsWithoutHistory() throws {
        let kit = try QueueTestKit("hcount")
        let conn = try kit.connect()
        for _ in 0..<3 { _ = try Producer.enqueue(NewJob(kind: "plain", queue: kit.queue), on: conn) }
        _ = try Producer.enqueue(
            NewJob(kind: "plain", queue: kit.queue, runAt: Date().addingTimeInterval(3600)), on: conn)
        var registry = HandlerRegistry()
        registry.register("plain") { _ in nil }
        kit.runUntilIdle(registry)
        let counts = try conn.query(
            "SELECT state, jobs::int FROM kinerja.v_queue WHERE queue = \(kit.queue) ORDER BY state"
        ).rows.map { "\(try $0.decode(0, as: String.self))=\(try $0.decode(1, as: Int.self))" }
        #expect(counts == ["completed=3", "scheduled=1"])
        let plan = try conn.query("EXPLAIN SELECT * FROM kinerja.v_queue").rows
            .map { try $0.decode(0, as: String.self) }.joined(separator: "\n")
        #expect(!plan.contains("job_history_2") && !plan.contains("job_history_upgrade"), "\(plan)")
        #expect(!plan.contains("job_history_default"), "\(plan)")
    }
}

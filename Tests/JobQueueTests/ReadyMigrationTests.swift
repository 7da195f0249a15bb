import Foundation
import JobQueue
import Postgres
import TestSupport
import Testing

@Suite("migration 012: a database of the earlier landing upgrades to the ready list with its jobs")
struct ReadyMigrationTests {
    @Test("queued, scheduled, retryable, running, finished and paused jobs keep their rows and run as before")
    func upgrade() throws {
        let scratch = try ScratchDatabase("mig012")
        defer { scratch.drop() }
        let conn = try Connection(scratch.url)
        try scratch.migrate(before: "012", on: conn)
        try conn.execute(
            """
            INSERT INTO kinerja.queues (name, paused) VALUES ('held', true);
            INSERT INTO kinerja.jobs (kind, queue, priority) VALUES ('noop', 'up', 1), ('noop', 'up', 0);
            INSERT INTO kinerja.jobs (kind, queue, state, run_at) VALUES ('noop', 'up', 'scheduled', now() + interval '1 year');
            INSERT INTO kinerja.jobs (kind, queue, state, attempt, run_at) VALUES ('noop', 'up', 'retryable', 1, now() - interval '1 minute');
            INSERT INTO kinerja.jobs (kind, queue, state, attempt, lease_token, lease_expires_at)
                VALUES ('noop', 'busy', 'running', 1, gen_random_uuid(), now() + interval '1 hour');
            INSERT INTO kinerja.jobs (kind, queue, state, finished_at, result) VALUES ('noop', 'up', 'completed', now(), '{"kept": true}');
            INSERT INTO kinerja.jobs (kind, queue) VALUES ('noop', 'held');
            """)
        let rows =
            "SELECT concat_ws('|', id, kind, queue, state, priority, attempt, result) FROM kinerja.v_jobs ORDER BY id"
        let before = try conn.query(SQL(unsafeSQL: rows)).rows.map { try $0.decode(0, as: String.self) }

        #expect(try scratch.migrateToToday(on: conn).first == "012_ready_queue.sql")
        #expect(try conn.query(SQL(unsafeSQL: rows)).rows.map { try $0.decode(0, as: String.self) } == before)
        // The two available jobs of the running queue are listed; the paused queue's job is not.
        #expect(
            try conn.query("SELECT array_agg(queue ORDER BY priority)::text FROM kinerja.ready").first!
                .decode(0, as: String.self) == "{up,up}")

        var registry = HandlerRegistry()
        registry.register("noop") { _ in nil }
        let kit = QueueTestKit(queue: "up", url: scratch.url)
        kit.runUntilIdle(registry)
        // Available and due retryable jobs ran; the scheduled one waits; the running one (in a queue of its own, as
        // a worker that exits when idle waits for running jobs of its queues) keeps its lease.
        #expect(try kit.states(on: conn) == [.completed: 4, .scheduled: 1])
        #expect(try jobStates(queue: "busy", on: conn) == [.running: 1])
        try QueueAdmin.resume(queue: "held", on: conn)
        QueueTestKit(queue: "held", url: scratch.url).runUntilIdle(registry)
        #expect(try jobStates(queue: "held", on: conn) == [.completed: 1])
    }
}

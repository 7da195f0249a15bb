import Foundation
import JobQueue
import Postgres
import TestSupport
import Testing

@Suite("migration 024: a database of the earlier landing moves its finished jobs to the history")
struct JobHistoryMigrationTests {
    @Test("queued, scheduled, running, retryable and finished jobs keep every column; the finished move, and run on")
    func upgrade() throws {
        let scratch = try ScratchDatabase("mig024")
        defer { scratch.drop() }
        let conn = try Connection(scratch.url)
        try scratch.migrate(before: "024", on: conn)
        try conn.execute(
            """
            INSERT INTO kinerja.jobs (kind, queue, priority, unique_key) VALUES ('noop', 'up', 1, 'k1'), ('noop', 'up', 0, NULL);
            INSERT INTO kinerja.jobs (kind, queue, state, run_at) VALUES ('noop', 'up', 'scheduled', now() + interval '1 year');
            INSERT INTO kinerja.jobs (kind, queue, state, attempt, run_at)
                VALUES ('noop', 'up', 'retryable', 1, now() - interval '1 minute');
            INSERT INTO kinerja.jobs (kind, queue, state, attempt, lease_token, lease_expires_at, progress_done,
                                      progress_total, timeout_seconds)
                VALUES ('noop', 'busy', 'running', 1, gen_random_uuid(), now() + interval '1 hour', 3, 10, 60);
            INSERT INTO kinerja.jobs (kind, queue, state, attempt, finished_at, result, created_at, progress_done,
                                      progress_total, timeout_seconds)
                VALUES ('noop', 'up', 'completed', 1, now() - interval '3 days', '{"old": true}', now() - interval '3 days',
                        7, 7, 120),
                       ('noop', 'up', 'completed', 1, now(), '{"kept": true}', now(), NULL, NULL, NULL);
            INSERT INTO kinerja.jobs (kind, queue, state, attempt, max_attempts, finished_at, errors)
                VALUES ('noop', 'up', 'discarded', 1, 1, now(), '[{"attempt": 1, "error": "rusak"}]');
            INSERT INTO kinerja.jobs (kind, queue, state, finished_at, cancel_requested)
                VALUES ('noop', 'up', 'cancelled', now(), true);
            """)
        let rows = """
            SELECT concat_ws('|', id, kind, queue, state, priority, attempt, max_attempts, args, run_at, created_at,
                             attempted_at, finished_at, errors, result, unique_key, lease_owner, cancel_requested,
                             created_by, timeout_seconds, progress_done, progress_total, lease_expires_at)
            FROM kinerja.v_jobs ORDER BY id
            """
        let queueCounts = "SELECT concat_ws('|', queue, state, jobs) FROM kinerja.v_queue ORDER BY queue, state"
        let before = try conn.query(SQL(unsafeSQL: rows)).rows.map { try $0.decode(0, as: String.self) }
        let countsBefore = try conn.query(SQL(unsafeSQL: queueCounts)).rows.map { try $0.decode(0, as: String.self) }

        #expect(try scratch.migrateToToday(on: conn).first == "024_job_history.sql")
        #expect(try conn.query(SQL(unsafeSQL: rows)).rows.map { try $0.decode(0, as: String.self) } == before)
        #expect(
            try conn.query(SQL(unsafeSQL: queueCounts)).rows.map { try $0.decode(0, as: String.self) } == countsBefore)
        #expect(
            try conn.query("SELECT string_agg(state, ',' ORDER BY id) FROM kinerja.jobs").first!.decode(
                0, as: String.self) == "available,available,scheduled,retryable,running")
        // The finish of three days ago is in the partition of the days before the upgrade; today's in today's.
        #expect(
            try conn.query(
                """
                SELECT string_agg(c.relname, ',' ORDER BY h.id) FROM kinerja.job_history h
                JOIN pg_class c ON c.oid = h.tableoid
                """
            ).first!.decode(0, as: String.self).hasPrefix("job_history_upgrade,job_history_2"))

        var registry = HandlerRegistry()
        registry.register("noop") { _ in nil }
        let kit = QueueTestKit(queue: "up", url: scratch.url)
        kit.runUntilIdle(registry)
        #expect(try kit.states(on: conn) == [.completed: 5, .scheduled: 1, .discarded: 1, .cancelled: 1])
        // An operator's retry of a job discarded before the upgrade brings it back under its id.
        let discarded = try conn.query("SELECT id FROM kinerja.v_jobs WHERE state = 'discarded'").first!.decode(
            0, as: Int64.self)
        #expect(try QueueAdmin.retry(ids: [discarded], on: conn) == [discarded])
        kit.runUntilIdle(registry)
        #expect(try kit.states(on: conn) == [.completed: 6, .scheduled: 1, .cancelled: 1])
        #expect(try jobStates(queue: "busy", on: conn) == [.running: 1])
        // A unique key is free again once its job finished.
        #expect(try Producer.enqueue(NewJob(kind: "noop", queue: "up", uniqueKey: "k1"), on: conn).existing == false)
    }
}

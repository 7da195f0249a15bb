import Foundation
import JobQueue
import Postgres
import TestSupport
import Testing

@Suite("Rescuer: jobs whose worker died")
struct RescuerTests {
    @Test("a job whose worker stopped heartbeating (killed, out of memory) comes back after the retry backoff")
    func backoff() throws {
        // A database of its own: the rescue is done by the one elected process, with that process's retry policy.
        let (scratch, conn) = try ScratchDatabase.migrated("rescue")
        defer { scratch.drop() }
        let kit = QueueTestKit(queue: "rescue", url: scratch.url)
        let id = try Producer.enqueue(NewJob(kind: "poison", queue: kit.queue), on: conn).id
        // A worker claimed it and was killed: running under a lease that has run out.
        try conn.execute(
            """
            UPDATE kinerja.jobs SET state = 'running', attempt = 1, attempted_at = now(),
                lease_token = gen_random_uuid(), lease_expires_at = now() - interval '1 second', lease_owner = 'killed'
            WHERE id = \(id)
            """)
        var config = kit.configuration(concurrency: 1)
        config.retry = RetryPolicy(base: 60, maximum: 3600)
        let ran = Locked(false)
        var registry = HandlerRegistry()
        registry.register("poison") { _ in
            ran.mutate { $0 = true }
            return nil
        }
        let pool = BackgroundPool(WorkerPool(configuration: config, registry: registry, logger: QueueTestKit.logger))
        let rescued = eventually { (try? kit.job(id, on: conn).state) == .retryable }
        let wait = try conn.query(
            "SELECT extract(epoch FROM run_at - now())::float8 FROM kinerja.v_jobs WHERE id = \(id)"
        )
        .first!.decode(0, as: Double.self)
        Thread.sleep(forTimeInterval: 1)
        pool.stop()
        #expect(rescued)
        // 60 s after attempt 1, spread by ±25 %: not at once on the next free thread.
        #expect(wait > 40 && wait < 80, "\(wait)")
        #expect(!ran.value)
        #expect(
            try kit.job(id, on: conn).errors.elements.last?["error"]?.stringValue?.contains("lease expired") == true)
    }
}

import Postgres
import TestSupport
import Testing

@testable import JobQueue

/// The pruner: finished jobs past their retention are deleted batch after batch, so it keeps pace with the queue.
@Suite("Pruner: retention that keeps pace")
struct PrunerTests {
    @Test("a round deletes batch after batch of jobs past their retention, and keeps all the others")
    func keepsPace() throws {
        let (scratch, conn) = try ScratchDatabase.migrated("prune")
        defer { scratch.drop() }
        let old = Pruner.batch * 2 + 500
        try conn.execute(
            """
            INSERT INTO kinerja.jobs (kind, queue, state, finished_at, created_at)
            SELECT 'noop', 'prune', 'completed', now() - interval '8 days', now() - interval '8 days'
            FROM generate_series(1, \(old))
            """)
        // Finished within the retention, and waiting: both stay.
        try conn.execute(
            """
            INSERT INTO kinerja.jobs (kind, queue, state, finished_at) VALUES ('noop', 'prune', 'completed', now());
            INSERT INTO kinerja.jobs (kind, queue, state, run_at, created_at)
            VALUES ('noop', 'prune', 'scheduled', now() + interval '1 day', now() - interval '8 days')
            """)
        var round = try Pruner.run(retentionSeconds: 7 * 86_400, on: conn)
        // More than one batch in a round (all of them, unless the machine is very slow).
        #expect(round.deleted > Pruner.batch)
        var deleted = round.deleted
        while round.backlog {
            round = try Pruner.run(retentionSeconds: 7 * 86_400, on: conn)
            deleted += round.deleted
        }
        #expect(deleted == old)
        let left = try conn.query("SELECT state FROM kinerja.jobs WHERE queue = 'prune' ORDER BY state").rows
        #expect(try left.map { try $0.decode(0, as: String.self) } == ["completed", "scheduled"])
    }
}

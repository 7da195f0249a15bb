import Foundation
import KinerjaBench
import Postgres
import TestSupport
import Testing

@Suite("Queue benchmark")
struct QueueBenchmarkTests {
    @Test("a round leaves nothing of its queues behind: no job, finished or not, and no count in v_queue")
    func leavesNothing() throws {
        let (scratch, conn) = try ScratchDatabase.migrated("benchq")
        defer { scratch.drop() }
        let result = try QueueBenchmark(
            jobs: 300, concurrency: 2, prefetch: nil, latencySamples: 5, conninfo: scratch.url
        )
        .round()
        #expect(result.jobs == 300 && result.processJobsPerS > 0)
        #expect(try conn.query("SELECT count(*)::int FROM kinerja.v_jobs").first!.decode(0, as: Int.self) == 0)
        #expect(try conn.query("SELECT count(*)::int FROM kinerja.v_queue").first!.decode(0, as: Int.self) == 0)
    }
}

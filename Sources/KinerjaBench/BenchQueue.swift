import Foundation
import Postgres

/// The queue a benchmark ran on, removed after the run: its jobs, finished ones included, and its counters.
enum BenchQueue {
    /// `since`: when the run began. The finished jobs are looked for in the history from a minute before it on (the
    /// history has no index by queue, but its days and their BRIN narrow it to the run's time).
    static func remove(_ queue: String, since: Date, on conn: Connection) {
        _ = try? conn.execute("DELETE FROM kinerja.jobs WHERE queue = \(queue)")
        _ = try? conn.execute(
            "DELETE FROM kinerja.job_history WHERE queue = \(queue) AND finished_at >= \(since.addingTimeInterval(-60))"
        )
        // Deltas and shards first: a fold in between would move their counts into the folded tables after its delete.
        _ = try? conn.execute("DELETE FROM kinerja.job_history_count_deltas WHERE queue = \(queue)")
        _ = try? conn.execute("DELETE FROM kinerja.job_history_counts WHERE queue = \(queue)")
        _ = try? conn.execute("DELETE FROM kinerja.job_counter_deltas WHERE queue = \(queue)")
        _ = try? conn.execute("DELETE FROM kinerja.job_counter_shards WHERE queue = \(queue)")
        _ = try? conn.execute("DELETE FROM kinerja.job_counters WHERE queue = \(queue)")
    }
}

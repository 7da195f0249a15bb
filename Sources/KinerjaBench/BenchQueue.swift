import Postgres

/// The queue a benchmark ran on, removed after the run: its jobs and its attempt counters.
enum BenchQueue {
    static func remove(_ queue: String, on conn: Connection) {
        _ = try? conn.execute("DELETE FROM kinerja.jobs WHERE queue = \(queue)")
        // Deltas and shards first: a fold in between would move their counts into job_counters after its delete.
        _ = try? conn.execute("DELETE FROM kinerja.job_counter_deltas WHERE queue = \(queue)")
        _ = try? conn.execute("DELETE FROM kinerja.job_counter_shards WHERE queue = \(queue)")
        _ = try? conn.execute("DELETE FROM kinerja.job_counters WHERE queue = \(queue)")
    }
}

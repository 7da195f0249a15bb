import Foundation
import JobQueue
import Logging
import Postgres

/// `kinerja bench queue --sustained SECONDS --rate N`: a producer enqueues N jobs a second (a batch every 10 ms)
/// while one worker pool runs them, for SECONDS; reports per minute the jobs enqueued and run, the enqueue-to-start
/// latency (p50, p99), and the size of the queue's tables, so a run with `--hold-snapshot` shows whether they stay
/// flat.
public struct SustainedQueueBenchmark: Sendable {
    public let seconds: Int
    public let rate: Int
    public let concurrency: Int
    public let prefetch: Int?
    public let conninfo: String
    public let holdSnapshot: Bool

    /// `holdSnapshot` is only reported: the caller holds the snapshot (`SnapshotPin`).
    public init(seconds: Int, rate: Int, concurrency: Int, prefetch: Int?, conninfo: String, holdSnapshot: Bool) {
        self.seconds = seconds
        self.rate = rate
        self.concurrency = concurrency
        self.prefetch = prefetch
        self.conninfo = conninfo
        self.holdSnapshot = holdSnapshot
    }

    /// One minute's figures.
    public struct Minute: Encodable, Sendable {
        public let minute: Int
        public let enqueued: Int
        public let started: Int
        public let latencyP50Ms: Double
        public let latencyP99Ms: Double
        public let jobsTableBytes: Int64
        public let readyBytes: Int64
        /// The two tables of count deltas that completions insert into and the maintenance leader folds.
        public let deltasBytes: Int64

        enum CodingKeys: String, CodingKey {
            case minute, enqueued, started
            case latencyP50Ms = "latency_p50_ms"
            case latencyP99Ms = "latency_p99_ms"
            case jobsTableBytes = "jobs_table_bytes"
            case readyBytes = "ready_bytes"
            case deltasBytes = "deltas_bytes"
        }
    }

    /// The whole run's figures.
    public struct Result: Encodable, Sendable {
        public let seconds: Int
        public let rate: Int
        public let concurrency: Int
        public let holdSnapshot: Bool
        public let latencyP50Ms: Double
        public let latencyP99Ms: Double
        public let startJobsTableBytes: Int64
        public let startReadyBytes: Int64
        public let startDeltasBytes: Int64
        public let minutes: [Minute]

        enum CodingKeys: String, CodingKey {
            case seconds, rate, concurrency, minutes
            case holdSnapshot = "hold_snapshot"
            case latencyP50Ms = "latency_p50_ms"
            case latencyP99Ms = "latency_p99_ms"
            case startJobsTableBytes = "start_jobs_table_bytes"
            case startReadyBytes = "start_ready_bytes"
            case startDeltasBytes = "start_deltas_bytes"
        }
    }

    /// Runs for `seconds`, calling `report` at the end of each minute.
    public func run(on conn: Connection, report: (Minute) -> Void) throws -> Result {
        let queue = "bench-sustained-\(getpid())"
        let started = Date()
        defer {
            BenchQueue.remove(queue, since: started, on: conn)
        }
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let starts = LatencyLog()
        var registry = HandlerRegistry()
        registry.register("timed") { ctx in
            starts.record(ctx.job.id, Date())
            return nil
        }
        let pool = WorkerPool(
            configuration: WorkerConfiguration(
                conninfo: conninfo, concurrency: concurrency, prefetch: prefetch, queues: [queue],
                name: "bench-sustained"),
            registry: registry, logger: logger)
        let done = DispatchGroup()
        done.enter()
        Thread.detachNewThread {
            pool.run()
            done.leave()
        }
        defer {
            pool.stopNow()
            done.wait()
        }
        let start = try sizes(on: conn)
        var minutes: [Minute] = []
        var all: [Double] = []
        let began = Date()
        let batch = max(1, rate / 100)
        var enqueuedAt: [Int64: Date] = [:]
        var tick = 0
        for minute in 0..<((seconds + 59) / 60) {
            var ids: [Int64] = []
            let end = min(seconds, (minute + 1) * 60)
            while Date().timeIntervalSince(began) < Double(end) {
                // Paced by the schedule, not by sleeps that add up: batch k goes at began + k × 10 ms.
                let due = began.addingTimeInterval(Double(tick) * 0.01)
                if due > Date() { Thread.sleep(until: due) }
                tick += 1
                let now = Date()
                let new = try Producer.enqueueMany(
                    Array(repeating: NewJob(kind: "timed", queue: queue), count: batch), on: conn)
                for id in new { enqueuedAt[id] = now }
                ids += new
            }
            // Jobs still running at the minute's end are counted with it: wait for them a little.
            _ = waitUntil(5) { ids.allSatisfy { starts.start(of: $0) != nil } }
            var latencies = ids.compactMap { id in
                starts.start(of: id).map { $0.timeIntervalSince(enqueuedAt[id]!) * 1000 }
            }
            latencies.sort()
            all += latencies
            let (jobsBytes, readyBytes, deltasBytes) = try sizes(on: conn)
            let row = Minute(
                minute: minute + 1, enqueued: ids.count, started: latencies.count,
                latencyP50Ms: percentile(latencies, 0.5), latencyP99Ms: percentile(latencies, 0.99),
                jobsTableBytes: jobsBytes, readyBytes: readyBytes, deltasBytes: deltasBytes)
            minutes.append(row)
            report(row)
        }
        all.sort()
        return Result(
            seconds: seconds, rate: rate, concurrency: concurrency, holdSnapshot: holdSnapshot,
            latencyP50Ms: percentile(all, 0.5),
            latencyP99Ms: percentile(all, 0.99), startJobsTableBytes: start.0, startReadyBytes: start.1,
            startDeltasBytes: start.2,
            minutes: minutes)
    }

    private static let tableSizes = """
        SELECT pg_total_relation_size('kinerja.jobs')::bigint,
               (pg_total_relation_size('kinerja.job_counter_deltas')
                + pg_total_relation_size('kinerja.job_history_count_deltas'))::bigint
        """

    private func sizes(on conn: Connection) throws -> (Int64, Int64, Int64) {
        let row = try conn.query(SQL(unsafeSQL: Self.tableSizes)).first!
        return (
            try row.decode(0, as: Int64.self), try QueueAdmin.readyListBytes(on: conn),
            try row.decode(1, as: Int64.self)
        )
    }

    private func waitUntil(_ seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while !condition() {
            if Date() > deadline { return false }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return true
    }
}

import Foundation
import JobQueue
import Logging
import Postgres

/// `kinerja bench queue`: bulk enqueue of N no-op jobs, processing with C workers, and enqueue-to-start latency
/// with an idle worker. Runs on a queue of its own and deletes its jobs afterwards.
public struct QueueBenchmark: Sendable {
    public var jobs: Int
    public var concurrency: Int
    /// Jobs claimed ahead of free threads; nil sizes them as a worker does.
    public var prefetch: Int?
    public var latencySamples: Int
    public var conninfo: String

    public init(jobs: Int, concurrency: Int, prefetch: Int?, latencySamples: Int, conninfo: String) {
        self.jobs = jobs
        self.concurrency = concurrency
        self.prefetch = prefetch
        self.latencySamples = latencySamples
        self.conninfo = conninfo
    }

    /// One round's figures.
    public struct Result: Encodable, Sendable {
        public let jobs: Int
        public let concurrency: Int
        public let prefetch: Int
        public let enqueueJobsPerS: Double
        public let processJobsPerS: Double
        public let latencyP50Ms: Double
        public let latencyP99Ms: Double
        public let latencySamples: Int
        /// Dead row versions in kinerja.jobs after the round (the statistics collector's count).
        public let deadTuples: Int64

        enum CodingKeys: String, CodingKey {
            case jobs, concurrency, prefetch
            case enqueueJobsPerS = "enqueue_jobs_per_s"
            case processJobsPerS = "process_jobs_per_s"
            case latencyP50Ms = "latency_p50_ms"
            case latencyP99Ms = "latency_p99_ms"
            case latencySamples = "latency_samples"
            case deadTuples = "dead_tuples"
        }
    }

    /// Several rounds: the slowest round's figures at the top level (the fields of a single run), every round under
    /// `rounds`.
    public struct Report: Encodable, Sendable {
        public let slowest: Result
        public let holdSnapshot: Bool
        public let rounds: [Result]

        public init(rounds: [Result], holdSnapshot: Bool) {
            slowest = rounds.min { $0.processJobsPerS < $1.processJobsPerS }!
            self.holdSnapshot = holdSnapshot
            self.rounds = rounds
        }

        enum CodingKeys: String, CodingKey {
            case holdSnapshot = "hold_snapshot"
            case rounds
        }

        public func encode(to encoder: any Encoder) throws {
            try slowest.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(holdSnapshot, forKey: .holdSnapshot)
            try container.encode(rounds, forKey: .rounds)
        }
    }

    /// One run: bulk enqueue, processing, latency.
    public func round() throws -> Result {
        let conn = try Connection(conninfo)
        let queue = "bench-\(getpid())"
        let started = Date()
        defer {
            for q in [queue, queue + "-lat"] {
                BenchQueue.remove(q, since: started, on: conn)
            }
        }
        var logger = Logger(label: "bench")
        logger.logLevel = .error

        // 1. Bulk enqueue through COPY.
        let enqueueStart = Date()
        try conn.transaction { tx in
            _ = try Producer.bulkEnqueue(count: jobs, on: tx) { _ in NewJob(kind: "noop", queue: queue) }
        }
        let enqueueSeconds = Date().timeIntervalSince(enqueueStart)
        try conn.execute("ANALYZE kinerja.jobs")
        // As the pgbench reference does before each run: a checkpoint during the run would slow it at random.
        _ = try? conn.execute("CHECKPOINT")

        // 2. Processing: from pool start until every job's completion is committed. Maintenance runs as in a real
        // worker (it empties drained ready slots).
        var registry = HandlerRegistry()
        registry.register("noop") { _ in nil }
        let config = WorkerConfiguration(
            conninfo: conninfo, concurrency: concurrency, prefetch: prefetch, queues: [queue], name: "bench")
        let pool = WorkerPool(configuration: config, registry: registry, logger: logger)
        let done = DispatchGroup()
        let processStart = Date()
        done.enter()
        Thread.detachNewThread {
            pool.run()
            done.leave()
        }
        while pool.counts.processed < jobs { Thread.sleep(forTimeInterval: 0.002) }
        let processSeconds = Date().timeIntervalSince(processStart)
        let prefetchUsed = pool.prefetchInUse
        pool.stopNow()
        done.wait()

        // 3. Latency with an idle pool: one job at a time, from just before its INSERT to its handler's start.
        // Measured on a queue table as autovacuum keeps it, not right after a burst of dead rows.
        try conn.execute("DELETE FROM kinerja.jobs WHERE queue = \(queue)")
        try conn.execute("VACUUM (ANALYZE) kinerja.jobs")
        let latencies = try latency(queue: queue + "-lat", on: conn, logger: logger)
        let dead =
            try conn.query(
                "SELECT COALESCE(n_dead_tup, 0) FROM pg_stat_user_tables WHERE relid = 'kinerja.jobs'::regclass"
            ).first?.decode(0, as: Int64.self) ?? 0
        return Result(
            jobs: jobs, concurrency: concurrency, prefetch: prefetchUsed,
            enqueueJobsPerS: (Double(jobs) / enqueueSeconds).rounded(),
            processJobsPerS: (Double(jobs) / processSeconds).rounded(),
            latencyP50Ms: percentile(latencies, 0.5), latencyP99Ms: percentile(latencies, 0.99),
            latencySamples: latencies.count, deadTuples: dead)
    }

    /// Enqueue-to-start latencies in ms, sorted, of `latencySamples` jobs enqueued one at a time to an idle worker.
    private func latency(queue: String, on conn: Connection, logger: Logger) throws -> [Double] {
        let starts = LatencyLog()
        var timed = HandlerRegistry()
        timed.register("timed") { ctx in
            starts.record(ctx.job.id, Date())
            return nil
        }
        let idle = WorkerPool(
            configuration: WorkerConfiguration(
                conninfo: conninfo, concurrency: 1, queues: [queue], name: "bench-latency", pollSeconds: 5),
            registry: timed, logger: logger)
        let done = DispatchGroup()
        done.enter()
        Thread.detachNewThread {
            idle.run()
            done.leave()
        }
        defer {
            idle.stopNow()
            done.wait()
        }
        Thread.sleep(forTimeInterval: 0.3)
        var latencies: [Double] = []
        for _ in 0..<latencySamples {
            let before = Date()
            let id = try Producer.enqueue(NewJob(kind: "timed", queue: queue), on: conn).id
            while starts.start(of: id) == nil { Thread.sleep(forTimeInterval: 0.0002) }
            latencies.append(starts.start(of: id)!.timeIntervalSince(before) * 1000)
            Thread.sleep(forTimeInterval: 0.005)
        }
        return latencies.sorted()
    }
}

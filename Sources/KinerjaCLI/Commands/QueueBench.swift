import ArgumentParser
import Foundation
import JobQueue
import Logging
import Postgres

/// `kinerja bench queue`: bulk enqueue of N no-op jobs, processing with C workers, and enqueue-to-start latency
/// with an idle worker. Runs on a queue of its own and deletes its jobs afterwards.
struct QueueBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "queue", abstract: "Queue throughput and latency.")

    @Option(help: "No-op jobs to enqueue and process.") var jobs: Int = 100_000
    @Option(help: "Worker threads.") var concurrency: Int = 8
    @Option(help: "Jobs claimed ahead of free threads; by default sized as a worker sizes them.")
    var prefetch: Int?
    @Option(name: .customLong("latency-samples"), help: "Jobs timed one by one for latency.") var latencySamples: Int =
        500
    @Option(help: "Runs of the benchmark, one after the other; each is reported.") var rounds: Int = 1
    @Flag(
        name: .customLong("hold-snapshot"),
        help:
            "Hold one REPEATABLE READ snapshot open for every round, as a dashboard or pg_dump does (default 4 rounds)."
    )
    var holdSnapshot = false
    @Option(help: "Instead of rounds: enqueue --rate jobs a second for this many seconds while a pool runs them.")
    var sustained: Int?
    @Option(help: "Jobs enqueued a second with --sustained.") var rate: Int = 1000
    @Flag(help: "One JSON document.") var json = false
    @OptionGroup var database: DatabaseOptions

    struct Result: Encodable {
        let jobs: Int
        let concurrency: Int
        let prefetch: Int
        let enqueueJobsPerS: Double
        let processJobsPerS: Double
        let latencyP50Ms: Double
        let latencyP99Ms: Double
        let latencySamples: Int
        /// Dead row versions in kinerja.jobs after the round (the statistics collector's count).
        let deadTuples: Int64

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
    struct Report: Encodable {
        let slowest: Result
        let holdSnapshot: Bool
        let rounds: [Result]

        enum CodingKeys: String, CodingKey {
            case holdSnapshot = "hold_snapshot"
            case rounds
        }

        func encode(to encoder: any Encoder) throws {
            try slowest.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(holdSnapshot, forKey: .holdSnapshot)
            try container.encode(rounds, forKey: .rounds)
        }
    }

    func run() throws {
        let conn = try database.connect()
        // The pinned snapshot: a transaction of its own that has read something, left open until the end.
        var pin: Connection?
        if holdSnapshot {
            let p = try database.connect()
            try p.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
            try p.execute("SELECT count(*) FROM pg_class")
            pin = p
            if !json {
                let pid = try p.query("SELECT pg_backend_pid()").first!.decode(0, as: Int.self)
                Swift.print("holding a REPEATABLE READ snapshot open (backend \(pid)) for every round")
            }
        }
        defer { _ = try? pin?.execute("ROLLBACK") }
        if let seconds = sustained { return try runSustained(seconds: seconds, on: conn) }
        let count = holdSnapshot && rounds == 1 ? 4 : max(1, rounds)
        var results: [Result] = []
        for index in 1...count {
            let result = try round(on: conn)
            results.append(result)
            if !json { report(index, of: count, result) }
        }
        guard json else { return }
        let slowest = results.min { $0.processJobsPerS < $1.processJobsPerS }!
        if count == 1 && !holdSnapshot { return try Terminal.json(slowest) }
        try Terminal.json(Report(slowest: slowest, holdSnapshot: holdSnapshot, rounds: results))
    }

    private func runSustained(seconds: Int, on conn: Connection) throws {
        let bench = SustainedQueueBench(
            seconds: seconds, rate: rate, concurrency: concurrency, prefetch: prefetch,
            conninfo: try database.conninfo(), holdSnapshot: holdSnapshot)
        let result = try bench.run(on: conn) { minute in
            guard !json else { return }
            Swift.print(
                String(
                    format: "minute %d: %d enqueued, %d started; latency p50 %.2f ms, p99 %.2f ms; "
                        + "kinerja.jobs %.1f MB, ready list %.2f MB",
                    minute.minute, minute.enqueued, minute.started, minute.latencyP50Ms, minute.latencyP99Ms,
                    Double(minute.jobsTableBytes) / 1_048_576, Double(minute.readyBytes) / 1_048_576))
        }
        if json { return try Terminal.json(result) }
        Swift.print(
            String(
                format: "%d s at %d jobs/s: latency p50 %.2f ms, p99 %.2f ms; at the start kinerja.jobs %.1f MB, "
                    + "ready list %.2f MB", seconds, rate, result.latencyP50Ms, result.latencyP99Ms,
                Double(result.startJobsTableBytes) / 1_048_576, Double(result.startReadyBytes) / 1_048_576))
    }

    private func report(_ index: Int, of count: Int, _ result: Result) {
        if count > 1 { Swift.print("round \(index) of \(count)") }
        Swift.print(String(format: "bulk enqueue: %.0f jobs/s (%d jobs)", result.enqueueJobsPerS, result.jobs))
        Swift.print(
            String(
                format: "processing:   %.0f jobs/s with %d workers, prefetch %d", result.processJobsPerS,
                result.concurrency, result.prefetch))
        Swift.print(
            String(
                format: "latency:      p50 %.2f ms, p99 %.2f ms (%d jobs, idle worker)", result.latencyP50Ms,
                result.latencyP99Ms, result.latencySamples))
        Swift.print("dead rows in kinerja.jobs: \(result.deadTuples)")
    }

    /// One run: bulk enqueue, processing, latency.
    private func round(on conn: Connection) throws -> Result {
        let info = try database.conninfo()
        let queue = "bench-\(getpid())"
        defer {
            for q in [queue, queue + "-lat"] {
                _ = try? conn.execute("DELETE FROM kinerja.jobs WHERE queue = \(q)")
                _ = try? conn.execute("DELETE FROM kinerja.job_counters WHERE queue = \(q)")
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
            conninfo: info, concurrency: concurrency, prefetch: prefetch, queues: [queue], name: "bench")
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

        // 3. Latency with an idle pool: one job at a time, from just before its INSERT to its handler's start.
        let starts = LatencyLog()
        var timed = HandlerRegistry()
        timed.register("timed") { ctx in
            starts.record(ctx.job.id, Date())
            return nil
        }
        let idle = WorkerPool(
            configuration: WorkerConfiguration(
                conninfo: info, concurrency: 1, queues: [queue + "-lat"], name: "bench-latency", pollSeconds: 5),
            registry: timed, logger: logger)
        pool.stopNow()
        done.wait()
        // Latency is measured on a queue table as autovacuum keeps it, not right after a burst of dead rows.
        try conn.execute("DELETE FROM kinerja.jobs WHERE queue = \(queue)")
        try conn.execute("VACUUM (ANALYZE) kinerja.jobs")
        done.enter()
        Thread.detachNewThread {
            idle.run()
            done.leave()
        }
        Thread.sleep(forTimeInterval: 0.3)
        var latencies: [Double] = []
        for _ in 0..<latencySamples {
            let before = Date()
            let id = try Producer.enqueue(NewJob(kind: "timed", queue: queue + "-lat"), on: conn).id
            while starts.start(of: id) == nil { Thread.sleep(forTimeInterval: 0.0002) }
            latencies.append(starts.start(of: id)!.timeIntervalSince(before) * 1000)
            Thread.sleep(forTimeInterval: 0.005)
        }
        idle.stopNow()
        done.wait()
        latencies.sort()
        let dead =
            try conn.query(
                "SELECT COALESCE(n_dead_tup, 0) FROM pg_stat_user_tables WHERE relid = 'kinerja.jobs'::regclass"
            ).first?.decode(0, as: Int64.self) ?? 0
        return Result(
            jobs: jobs, concurrency: concurrency, prefetch: prefetchUsed,
            enqueueJobsPerS: (Double(jobs) / enqueueSeconds).rounded(),
            processJobsPerS: (Double(jobs) / processSeconds).rounded(),
            latencyP50Ms: SustainedQueueBench.percentile(latencies, 0.5),
            latencyP99Ms: SustainedQueueBench.percentile(latencies, 0.99), latencySamples: latencies.count,
            deadTuples: dead)
    }
}

/// Handler start times by job id, written by worker threads and read by the benchmark thread.
final class LatencyLog: @unchecked Sendable {
    // Guarded by lock.
    private var starts: [Int64: Date] = [:]
    private let lock = NSLock()

    func record(_ id: Int64, _ date: Date) { lock.withLock { starts[id] = date } }
    func start(of id: Int64) -> Date? { lock.withLock { starts[id] } }
}

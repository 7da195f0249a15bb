import ArgumentParser
import Foundation
import KinerjaBench

/// `kinerja bench queue`: the options and the printing of `QueueBenchmark` and `SustainedQueueBenchmark`.
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

    func run() throws {
        let info = try database.conninfo()
        let pin = holdSnapshot ? try SnapshotPin(conninfo: info) : nil
        defer { pin?.release() }
        if let pin, !json {
            Swift.print("holding a REPEATABLE READ snapshot open (backend \(pin.backendPID)) for every round")
        }
        if let seconds = sustained { return try runSustained(seconds: seconds, conninfo: info) }
        let bench = QueueBenchmark(
            jobs: jobs, concurrency: concurrency, prefetch: prefetch, latencySamples: latencySamples, conninfo: info)
        let count = holdSnapshot && rounds == 1 ? 4 : max(1, rounds)
        var results: [QueueBenchmark.Result] = []
        for index in 1...count {
            let result = try bench.round()
            results.append(result)
            if !json { report(index, of: count, result) }
        }
        guard json else { return }
        let report = QueueBenchmark.Report(rounds: results, holdSnapshot: holdSnapshot)
        if count == 1 && !holdSnapshot { return try Terminal.json(report.slowest) }
        try Terminal.json(report)
    }

    private func runSustained(seconds: Int, conninfo: String) throws {
        let bench = SustainedQueueBenchmark(
            seconds: seconds, rate: rate, concurrency: concurrency, prefetch: prefetch, conninfo: conninfo,
            holdSnapshot: holdSnapshot)
        let result = try bench.run(on: try database.connect()) { minute in
            guard !json else { return }
            Swift.print(
                String(
                    format: "minute %d: %d enqueued, %d started; latency p50 %.2f ms, p99 %.2f ms; "
                        + "kinerja.jobs %.1f MB, ready list %.2f MB, count deltas %.2f MB",
                    minute.minute, minute.enqueued, minute.started, minute.latencyP50Ms, minute.latencyP99Ms,
                    Double(minute.jobsTableBytes) / 1_048_576, Double(minute.readyBytes) / 1_048_576,
                    Double(minute.deltasBytes) / 1_048_576))
        }
        if json { return try Terminal.json(result) }
        Swift.print(
            String(
                format: "%d s at %d jobs/s: latency p50 %.2f ms, p99 %.2f ms; at the start kinerja.jobs %.1f MB, "
                    + "ready list %.2f MB, count deltas %.2f MB", seconds, rate, result.latencyP50Ms,
                result.latencyP99Ms, Double(result.startJobsTableBytes) / 1_048_576,
                Double(result.startReadyBytes) / 1_048_576, Double(result.startDeltasBytes) / 1_048_576))
    }

    private func report(_ index: Int, of count: Int, _ result: QueueBenchmark.Result) {
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
}

import ArgumentParser
import Foundation
import Handlers
import JobQueue
import Postgres

struct Worker: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run jobs: a pool of worker threads, each with its own connection.",
        discussion: """
            The first SIGTERM or SIGINT stops claiming and lets running jobs finish within the grace period; \
            unfinished jobs then go back to the queue without an attempt charged. A second signal stops at once.
            """)

    @Option(help: "Jobs run at once.") var concurrency: Int = 4
    @Option(
        help: "Jobs claimed ahead of free threads; by default each claim is sized from how long jobs have taken.")
    var prefetch: Int?
    @Option(help: "Queues to serve, comma-separated; all when absent.") var queues: String?
    @Option(name: .customLong("queue-limit"), help: "Per-queue limit as QUEUE=N; repeatable.")
    var queueLimits: [String] = []
    @Flag(name: .customLong("exit-when-idle"), help: "Exit once nothing is claimable or due within a few seconds.")
    var exitWhenIdle = false
    @Option(help: "Name in leases and logs.") var name: String = "worker"
    @Option(name: .customLong("lease-seconds"), help: "Lease of a claim; heartbeats extend it.") var leaseSeconds:
        Double = 30
    @Option(name: .customLong("grace-seconds"), help: "First signal: how long running jobs may finish.")
    var graceSeconds: Double = 30
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if concurrency < 1 { throw ValidationError("--concurrency must be at least 1") }
        _ = try parsedLimits()
    }

    func parsedLimits() throws -> [String: Int] {
        var limits: [String: Int] = [:]
        for item in queueLimits {
            let parts = item.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let n = Int(parts[1]), n > 0 else {
                throw ValidationError("--queue-limit takes QUEUE=N, got \(item)")
            }
            limits[String(parts[0])] = n
        }
        return limits
    }

    func run() throws {
        let logger = Logs.bootstrap()
        let conninfo = try database.conninfo()
        // Wrong settings end the command now (exit 2) rather than in a retry loop; an unreachable server is waited
        // for by the pool, as after a restart. The connection that checked becomes the fetcher's.
        var checked: Connection?
        do {
            checked = try database.connect(conninfo)
        } catch let error as CLIError where error.isUsage {
            throw error
        } catch {}
        let config = WorkerConfiguration(
            conninfo: conninfo, concurrency: concurrency, prefetch: prefetch,
            queues: queues.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } },
            queueLimits: try parsedLimits(), name: name, leaseSeconds: leaseSeconds, heartbeatSeconds: 1,
            exitWhenIdle: exitWhenIdle, shutdownGraceSeconds: graceSeconds)
        let pool = WorkerPool(configuration: config, registry: KinerjaHandlers.registry(), logger: logger)
        ShutdownSignals.install(for: pool)
        logger.info("worker started", metadata: ["owner": "\(config.owner)", "concurrency": "\(concurrency)"])
        pool.run(connection: consume checked)
    }
}

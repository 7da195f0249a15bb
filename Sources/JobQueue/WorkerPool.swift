import Foundation
import Logging
import Postgres

/// A worker process's pool: one fetcher thread that claims, completes in batches and heartbeats (it holds the
/// process's one LISTEN connection, and a second connection its completions travel on), `concurrency` worker
/// threads that run handlers, each on a connection of its own that it opens once work waits for it, and a
/// maintenance thread (rescue of expired leases, cron, pruning) that holds a connection of its own only while this
/// process leads (`Leadership`).
///
/// Threads, not async tasks: libpq calls block, and blocked calls must not starve Swift's cooperative pool.
public final class WorkerPool: Sendable {
    let config: WorkerConfiguration
    let registry: HandlerRegistry
    let logger: Logger
    let state: PoolState
    /// Whether this process runs the queue's maintenance: its fetcher tries, its maintenance thread follows.
    let leadership = Leadership()

    /// Cancellation requests for running jobs arrive here; the payload is the job id.
    public static let cancelChannel = "kinerja_cancel"

    public init(configuration: WorkerConfiguration, registry: HandlerRegistry, logger: Logger) {
        config = configuration
        state = PoolState(
            PoolStateMachine(
                settings: .init(
                    concurrency: configuration.concurrency, startDeadlineSeconds: configuration.startDeadlineSeconds,
                    prefetch: configuration.prefetch),
                sizer: ClaimSizer(concurrency: configuration.concurrency, leaseSeconds: configuration.leaseSeconds)))
        self.registry = registry
        self.logger = logger
    }

    /// The jobs the latest claim took beyond free threads: `WorkerConfiguration.prefetch`, or the sized value.
    public var prefetchInUse: Int { state.with { $0.lastPrefetch } }

    /// Jobs completed and failed by this pool so far.
    public var counts: (processed: Int, failed: Int) { state.with { ($0.processed, $0.failed) } }

    /// Runs until shut down (or, with `exitWhenIdle`, until idle). Blocks the calling thread, which becomes the
    /// fetcher. `connection`, opened by the caller on this thread (the CLI's check of the settings), becomes the
    /// fetcher's first connection, so that starting a process opens one connection fewer: each is a server backend
    /// that costs the server milliseconds to start, ten times over when a fleet starts together.
    public func run(connection: Connection? = nil) {
        let group = DispatchGroup()
        for index in 0..<config.concurrency {
            group.enter()
            Thread.detachNewThread { [self] in
                defer { group.leave() }
                WorkerThread(pool: self, index: index).run()
            }
        }
        if config.runMaintenance {
            group.enter()
            Thread.detachNewThread { [self] in
                defer { group.leave() }
                Maintenance(pool: self).run()
            }
        }
        Fetcher(pool: self, connection: connection).run()
        group.wait()
        let back = state.with { $0.handedBack }
        logger.info("worker stopped", metadata: ["processed": "\(counts.processed)", "failed": "\(counts.failed)"])
        if !back.isEmpty {
            let ids = back.sorted().map(String.init).joined(separator: ", ")
            logger.notice("handed back to the queue, attempt not counted, another worker runs them: jobs \(ids)")
        }
    }

    /// First signal: stop claiming, let running jobs finish within the grace period, then hand back the rest.
    public func beginShutdown() {
        let running = state.transition { $0.drain(deadline: Date().addingTimeInterval(config.shutdownGraceSeconds)) }
        let jobs =
            running.isEmpty
            ? "no job running"
            : "finishing \(running.count) running job(s) ("
                + running.map(String.init).joined(separator: ", ") + ")"
        let grace = Int(config.shutdownGraceSeconds)
        logger.notice(
            "shutting down: \(jobs), waiting up to \(grace) s; a second Ctrl-C or SIGTERM hands them back to the queue now"
        )
        state.transition { _ in ((), [.wakeFetcher]) }
    }

    /// Second signal: stop running jobs now and hand them back without charging an attempt.
    public func stopNow() {
        state.transition { ((), $0.stop() + $0.stopAll(.shutdown) + [.wakeFetcher]) }
    }

    var isStopping: Bool { state.with { $0.phase == .stopping } }

    /// Turns the fetcher took so far (each a round trip to the database).
    var turns: Int { state.with { $0.turns } }
}

import Foundation
import JobQueue
import Logging
import Postgres
import TestSupport

/// Helpers for queue tests: each test uses its own queue name, so tests run side by side on one database.
struct QueueTestKit {
    let queue: String
    let url: String

    init(_ prefix: String = "q") throws {
        queue = TestDatabase.uniqueName(prefix)
        url = try TestDatabase.url()
    }

    func connect() throws -> Connection { try Connection(url) }

    func configuration(concurrency: Int = 4, lease: Double = 30, name: String = "test") -> WorkerConfiguration {
        WorkerConfiguration(
            conninfo: url, concurrency: concurrency, queues: [queue], name: name, leaseSeconds: lease,
            heartbeatSeconds: 0.2, pollSeconds: 0.2, exitWhenIdle: true, idleHorizonSeconds: 0.5,
            shutdownGraceSeconds: 5, retry: RetryPolicy(base: 0.01, maximum: 0.05), retentionSeconds: 86400)
    }

    static var logger: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .error
        return logger
    }

    /// Runs a pool until it is idle (exit-when-idle) and returns it.
    @discardableResult
    func runUntilIdle(_ registry: HandlerRegistry, concurrency: Int = 4, lease: Double = 30) -> WorkerPool {
        let pool = WorkerPool(
            configuration: configuration(concurrency: concurrency, lease: lease), registry: registry,
            logger: Self.logger)
        pool.run()
        return pool
    }

    /// Runs a pool on its own thread; `stop` ends it.
    func start(_ registry: HandlerRegistry, concurrency: Int = 4, exitWhenIdle: Bool = false, lease: Double = 30)
        -> BackgroundPool
    {
        var config = configuration(concurrency: concurrency, lease: lease)
        config.exitWhenIdle = exitWhenIdle
        return BackgroundPool(WorkerPool(configuration: config, registry: registry, logger: Self.logger))
    }

    func states(on conn: Connection) throws -> [JobState: Int] { try jobStates(queue: queue, on: conn) }

    func job(_ id: Int64, on conn: Connection) throws -> JobRecord { try QueueAdmin.job(id, on: conn)! }
}

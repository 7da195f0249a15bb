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
        TestWorkers.configuration(conninfo: url, queue: queue, name: name, concurrency: concurrency, lease: lease)
    }

    static var logger: Logger { TestWorkers.logger }

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

    func job(_ id: Int64, on conn: Connection) throws -> JobRecord { try TestJobs.job(id, on: conn) }
}

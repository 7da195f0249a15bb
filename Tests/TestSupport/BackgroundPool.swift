import Foundation
import JobQueue

/// A worker pool run on a thread of its own while the test goes on; `stop` shuts it down and waits for it.
public struct BackgroundPool {
    public let pool: WorkerPool
    private let done = DispatchGroup()

    public init(_ pool: WorkerPool) {
        self.pool = pool
        let done = self.done
        done.enter()
        Thread.detachNewThread {
            pool.run()
            done.leave()
        }
    }

    /// Waits until the pool has stopped (after a shutdown, or by itself when it exits when idle).
    public func wait() { done.wait() }

    /// Begins a graceful shutdown and waits for it.
    public func stop() {
        pool.beginShutdown()
        done.wait()
    }
}

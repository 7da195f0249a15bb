import Dispatch
import Foundation
import JobQueue

/// First SIGTERM or SIGINT: drain (stop claiming, let running jobs finish within the grace period). Second: stop
/// now, handing unfinished jobs back. Installed from a nonisolated function with `@Sendable` handlers on one
/// serial queue (a handler written in main-actor code crashes when the signal arrives).
enum ShutdownSignals {
    private static let queue = DispatchQueue(label: "kinerja.signals")
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    static func install(for pool: WorkerPool) {
        let count = Counter()
        for sig in [SIGTERM, SIGINT] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler { @Sendable in
                if count.next() == 1 {
                    pool.beginShutdown()
                } else {
                    pool.stopNow()
                }
            }
            source.resume()
            queue.sync { sources.append(source) }
        }
    }

    private final class Counter: @unchecked Sendable {
        // Only touched on `queue`, which is serial.
        private var value = 0
        func next() -> Int {
            value += 1
            return value
        }
    }
}

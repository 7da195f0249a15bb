import Foundation
import JobQueue
import Postgres
import Producers

/// `noop`: does nothing (or sleeps), for benchmarks and smoke tests of a worker fleet. Sleeping checks the
/// cancellation flag every 10 ms.
enum NoopHandler {
    static func run(_ context: JobContext) throws -> JSONText? {
        let args = try context.job.decodeArgs(NoopArgs.self)
        if let ms = args.sleepMs, ms > 0 {
            let until = Date().addingTimeInterval(Double(ms) / 1000)
            while Date() < until {
                try context.checkCancellation()
                Thread.sleep(forTimeInterval: min(0.01, max(0, until.timeIntervalSinceNow)))
            }
        }
        return nil
    }
}

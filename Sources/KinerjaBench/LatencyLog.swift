import Foundation

/// Handler start times by job id, written by worker threads and read by the benchmark thread.
final class LatencyLog: @unchecked Sendable {
    // Guarded by lock.
    private var starts: [Int64: Date] = [:]
    private let lock = NSLock()

    func record(_ id: Int64, _ date: Date) { lock.withLock { starts[id] = date } }
    func start(of id: Int64) -> Date? { lock.withLock { starts[id] } }
}

import Synchronization

/// Shared between a running job's handler and the fetcher thread (heartbeats, cancel notifications, attempt
/// timeouts): the stop flag and the progress to report.
public final class JobControl: Sendable {
    /// Why a job was asked to stop.
    public enum StopReason: Sendable, Equatable {
        case cancelled
        case timedOut(Int)
        case leaseLost
        case shutdown
    }

    private let stop = Mutex<StopReason?>(nil)
    private let progressState = Mutex<(done: Int64, total: Int64?, dirty: Bool)>((0, nil, false))

    init() {}

    /// Set once; the first reason wins.
    func requestStop(_ reason: StopReason) {
        stop.withLock { if $0 == nil { $0 = reason } }
    }

    /// Why the job was asked to stop, if it was.
    public var stopReason: StopReason? { stop.withLock { $0 } }

    func setProgress(done: Int64, total: Int64?) {
        progressState.withLock { $0 = (done, total ?? $0.total, true) }
    }

    /// Progress not yet written, taken for the next heartbeat.
    func takeProgress() -> (done: Int64, total: Int64?)? {
        progressState.withLock { state in
            guard state.dirty else { return nil }
            state.dirty = false
            return (state.done, state.total)
        }
    }
}

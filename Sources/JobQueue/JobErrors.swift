/// Thrown by a handler when retrying cannot help (bad input): the job is discarded at once, with this message.
public struct PermanentJobError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Thrown by `JobContext.checkCancellation()` once the job was cancelled, timed out, or lost its lease.
public struct JobCancelledError: Error, CustomStringConvertible, Sendable {
    public let reason: JobControl.StopReason
    public var description: String {
        switch reason {
        case .cancelled: "cancelled by an operator"
        case .timedOut(let seconds): "timed out after \(seconds) s"
        case .leaseLost: "lease lost: the job was handed to another worker"
        case .shutdown: "worker shutting down"
        }
    }
}

/// The lease no longer matched when the worker tried to finish the job: someone else holds it now.
public struct LeaseLostError: Error, CustomStringConvertible, Sendable {
    public let jobID: Int64
    public var description: String { "job \(jobID): lease lost, the result was not kept" }
}

import Postgres

/// A job's state, as `kinerja.jobs.state` stores it.
///
/// `scheduled` (waits for `run_at`) and `retryable` (waits for its backoff) become `available` when due; a worker
/// claims an available job (`running`), which ends `completed`, `retryable` again, `discarded` (out of attempts or
/// failed for good) or `cancelled`.
public enum JobState: String, Sendable, Codable, CaseIterable, PostgresDecodable, PostgresEncodable {
    case available
    case scheduled
    case running
    case retryable
    case completed
    case cancelled
    case discarded

    /// Completed, cancelled or discarded: the job will not run again unless an operator retries it.
    public var isFinished: Bool {
        switch self {
        case .completed, .cancelled, .discarded: true
        case .available, .scheduled, .running, .retryable: false
        }
    }
}

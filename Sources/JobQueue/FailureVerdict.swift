import Postgres

/// What becomes of a job whose attempt failed. The raw value is what `Completion.fail` takes.
enum FailureVerdict: String, Sendable, PostgresEncodable {
    /// Available again after a backoff; discarded instead when it has no attempts left.
    case retry
    /// Failed for good (bad input: no retry can help).
    case discard
    /// Cancelled by an operator.
    case cancel
}

import Foundation

/// Queue settings for an import job (the CLI's `--priority`, `--run-at`, `--unique-key`; tests set `queue`), and
/// the government its rows are for when they name none (`--pemda`).
public struct ImportEnqueueOptions: Sendable {
    public var queue: String
    /// Lower runs first.
    public var priority: Int16
    /// Not before this time; nil means now.
    public var runAt: Date?
    /// While an unfinished job holds this key, enqueueing returns that job.
    public var uniqueKey: String?
    /// Bad input is not retried anyway (it fails permanently); retries cover lost connections and the like.
    public var maxAttempts: Int
    /// The government (pemda) by code or name, as `ImportArgs.pemda`.
    public var pemda: String?

    public init(
        queue: String = "default", priority: Int16 = 0, runAt: Date? = nil, uniqueKey: String? = nil,
        maxAttempts: Int = 3, pemda: String? = nil
    ) {
        self.pemda = pemda
        self.queue = queue
        self.priority = priority
        self.runAt = runAt
        self.uniqueKey = uniqueKey
        self.maxAttempts = maxAttempts
    }
}

import Foundation
import Postgres

/// A job to enqueue: what to run (`kind` and `args`), where (`queue`), when (`runAt`) and how often to try.
public struct NewJob: Sendable {
    public var kind: String
    public var args: JSONText
    public var queue: String
    /// Lower runs first.
    public var priority: Int16
    /// Not before this time; nil means now.
    public var runAt: Date?
    public var maxAttempts: Int
    /// While a job with this key is unfinished, enqueueing another with the same key returns the first.
    public var uniqueKey: String?
    /// Seconds a single attempt may run; nil uses the kind's default.
    public var timeoutSeconds: Int?

    public init(
        kind: String, args: JSONText = JSONText("{}"), queue: String = "default", priority: Int16 = 0,
        runAt: Date? = nil, maxAttempts: Int = 5, uniqueKey: String? = nil, timeoutSeconds: Int? = nil
    ) {
        self.kind = kind
        self.args = args
        self.queue = queue
        self.priority = priority
        self.runAt = runAt
        self.maxAttempts = maxAttempts
        self.uniqueKey = uniqueKey
        self.timeoutSeconds = timeoutSeconds
    }
}

/// What an enqueue did.
public struct EnqueueResult: Sendable, Equatable {
    public let id: Int64
    /// True when a unique key matched an unfinished job, whose id is returned instead of a new one.
    public let existing: Bool

    public init(id: Int64, existing: Bool) {
        self.id = id
        self.existing = existing
    }
}

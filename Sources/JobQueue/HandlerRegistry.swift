import Postgres

/// A job kind's handler. It returns the job's result document (or nil), or throws: `PermanentJobError` for input
/// that retrying cannot fix, anything else to retry with backoff.
public typealias JobHandler = @Sendable (JobContext) throws -> JSONText?

/// Handlers by job kind, with each kind's attempt timeout.
public struct HandlerRegistry: Sendable {
    struct Entry: Sendable {
        let handler: JobHandler
        let timeoutSeconds: Int
    }

    private(set) var entries: [String: Entry] = [:]

    public init() {}

    /// Registers `handler` for `kind`. `timeoutSeconds` bounds one attempt unless the job sets its own.
    public mutating func register(_ kind: String, timeoutSeconds: Int = 600, handler: @escaping JobHandler) {
        entries[kind] = Entry(handler: handler, timeoutSeconds: timeoutSeconds)
    }

    /// The kinds this registry can run.
    public var kinds: [String] { entries.keys.sorted() }

    func entry(for kind: String) -> Entry? { entries[kind] }
}

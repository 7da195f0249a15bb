import Foundation
import Postgres

/// A job as operators and scripts see it (`kinerja jobs show --json`, `enqueue --json`). Field names are the
/// contract in docs/contracts/cli.md.
public struct JobRecord: Sendable, Codable, Equatable {
    public struct Progress: Sendable, Codable, Equatable {
        public let done: Int64?
        public let total: Int64?
    }

    public let id: Int64
    public let kind: String
    public let queue: String
    public let state: JobState
    public let priority: Int
    public let attempt: Int
    public let maxAttempts: Int
    public let args: JSONValue
    public let runAt: Date
    public let createdAt: Date
    public let attemptedAt: Date?
    public let finishedAt: Date?
    public let errors: JSONValue
    public let result: JSONValue?
    public let progress: Progress
    public let uniqueKey: String?
    public let leaseOwner: String?
    public let leaseExpiresAt: Date?
    public let cancelRequested: Bool

    enum CodingKeys: String, CodingKey {
        case id, kind, queue, state, priority, attempt, args, errors, result, progress
        case maxAttempts = "max_attempts"
        case runAt = "run_at"
        case createdAt = "created_at"
        case attemptedAt = "attempted_at"
        case finishedAt = "finished_at"
        case uniqueKey = "unique_key"
        case leaseOwner = "lease_owner"
        case leaseExpiresAt = "lease_expires_at"
        case cancelRequested = "cancel_requested"
    }

    /// The columns `init(row:)` reads.
    static let columns = """
        id, kind, queue, state, priority, attempt, max_attempts, args::text AS args, run_at, created_at,
        attempted_at, finished_at, errors::text AS errors, result::text AS result, progress_done, progress_total,
        unique_key, lease_owner, lease_expires_at, cancel_requested
        """

    /// Absent values are written as null, so every contract field is always present.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(kind, forKey: .kind)
        try c.encode(queue, forKey: .queue)
        try c.encode(state, forKey: .state)
        try c.encode(priority, forKey: .priority)
        try c.encode(attempt, forKey: .attempt)
        try c.encode(maxAttempts, forKey: .maxAttempts)
        try c.encode(args, forKey: .args)
        try c.encode(runAt, forKey: .runAt)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(attemptedAt, forKey: .attemptedAt)
        try c.encode(finishedAt, forKey: .finishedAt)
        try c.encode(errors, forKey: .errors)
        try c.encode(result ?? .null, forKey: .result)
        try c.encode(progress, forKey: .progress)
        try c.encode(uniqueKey, forKey: .uniqueKey)
        try c.encode(leaseOwner, forKey: .leaseOwner)
        try c.encode(leaseExpiresAt, forKey: .leaseExpiresAt)
        try c.encode(cancelRequested, forKey: .cancelRequested)
    }

    init(row: Row) throws {
        id = try row.decode("id")
        kind = try row.decode("kind")
        queue = try row.decode("queue")
        state = try row.decode("state")
        priority = try row.decode("priority")
        attempt = try row.decode("attempt")
        maxAttempts = try row.decode("max_attempts")
        args = try JSONValue(text: try row.decode("args"))
        runAt = try row.decode("run_at")
        createdAt = try row.decode("created_at")
        attemptedAt = try row.decode("attempted_at", as: Date?.self)
        finishedAt = try row.decode("finished_at", as: Date?.self)
        errors = try JSONValue(text: try row.decode("errors"))
        result = try row.decode("result", as: String?.self).map(JSONValue.init(text:))
        progress = Progress(
            done: try row.decode("progress_done", as: Int64?.self),
            total: try row.decode("progress_total", as: Int64?.self))
        uniqueKey = try row.decode("unique_key", as: String?.self)
        leaseOwner = try row.decode("lease_owner", as: String?.self)
        leaseExpiresAt = try row.decode("lease_expires_at", as: Date?.self)
        cancelRequested = try row.decode("cancel_requested")
    }
}

/// Any JSON document, kept as parsed values so it re-encodes as JSON (not as a string) in `--json` output.
public enum JSONValue: Sendable, Codable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(text: String) throws {
        self = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let d = try? c.decode(Decimal.self) {
            self = .number("\(d)")
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .number(let n): try c.encode(Decimal(string: n) ?? 0)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    /// The value under `key` of an object.
    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    /// The elements of an array (empty otherwise).
    public var elements: [JSONValue] {
        if case .array(let a) = self { return a }
        return []
    }

    /// The text of a string value.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }
}

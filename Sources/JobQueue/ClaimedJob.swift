import Foundation
import Postgres

/// A job a worker holds under a lease. `leaseToken` fences every later write: if the lease expired and the job
/// was handed to someone else, the token no longer matches and the write changes nothing.
public struct ClaimedJob: Sendable {
    public let id: Int64
    public let kind: String
    public let queue: String
    public let args: JSONText
    /// This attempt's number, from 1.
    public let attempt: Int
    public let maxAttempts: Int
    public let leaseToken: UUID
    public let timeoutSeconds: Int?
    public let createdAt: Date

    init(row: Row) throws {
        id = try row.decode("id")
        kind = try row.decode("kind")
        queue = try row.decode("queue")
        args = try row.decode("args")
        attempt = try row.decode("attempt")
        maxAttempts = try row.decode("max_attempts")
        leaseToken = try row.decode("lease_token")
        timeoutSeconds = try row.decode("timeout_seconds", as: Int?.self)
        createdAt = try row.decode("created_at")
    }

    /// Decodes the job's arguments.
    public func decodeArgs<T: Decodable>(_ type: T.Type) throws -> T {
        do { return try args.decode(type) } catch {
            throw PermanentJobError("arguments of job \(id) (\(kind)) are not valid: \(error)")
        }
    }
}

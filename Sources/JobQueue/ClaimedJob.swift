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
    public let leaseToken: LeaseToken
    public let timeoutSeconds: Int?
    public let createdAt: Date

    init(
        id: Int64, kind: String, queue: String, args: JSONText = JSONText("{}"), attempt: Int = 1, maxAttempts: Int = 3,
        leaseToken: LeaseToken, timeoutSeconds: Int? = nil, createdAt: Date = Date()
    ) {
        self.id = id
        self.kind = kind
        self.queue = queue
        self.args = args
        self.attempt = attempt
        self.maxAttempts = maxAttempts
        self.leaseToken = leaseToken
        self.timeoutSeconds = timeoutSeconds
        self.createdAt = createdAt
    }

    init(row: Row) throws {
        // By position, in the order of Claim.claim's RETURNING list: this runs for every claimed job.
        id = try row.decode(0)
        kind = try row.decode(1)
        queue = try row.decode(2)
        args = try row.decode(3)
        attempt = try row.decode(4)
        maxAttempts = try row.decode(5)
        leaseToken = try row.decode(6)
        timeoutSeconds = try row.decode(7, as: Int?.self)
        createdAt = try row.decode(8)
    }

    /// Decodes the job's arguments.
    public func decodeArgs<T: Decodable>(_ type: T.Type) throws -> T {
        do { return try args.decode(type) } catch {
            throw PermanentJobError("arguments of job \(id) (\(kind)) are not valid: \(error)")
        }
    }
}

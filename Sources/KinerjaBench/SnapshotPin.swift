import Postgres

/// One REPEATABLE READ snapshot held open, as a BI dashboard or `pg_dump` holds one: a transaction of its own that
/// has read something, left open until `release()`.
public final class SnapshotPin {
    private let connection: Connection
    /// The backend holding the snapshot, for `pg_stat_activity`.
    public let backendPID: Int

    public init(conninfo: String) throws {
        connection = try Connection(conninfo)
        try connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        try connection.execute("SELECT count(*) FROM pg_class")
        backendPID = try connection.query("SELECT pg_backend_pid()").first!.decode(0, as: Int.self)
    }

    public func release() { _ = try? connection.execute("ROLLBACK") }
}

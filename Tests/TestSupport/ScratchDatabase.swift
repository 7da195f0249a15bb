import Foundation
import Postgres

/// A database of its own on the test server, for upgrade tests: migrated to an earlier landing, filled, then
/// migrated to today's `sql/`.
public struct ScratchDatabase {
    public let url: String
    private let name: String

    public init(_ prefix: String) throws {
        let base = try TestDatabase.url()
        name = TestDatabase.uniqueName(prefix)
        try Connection(base).execute("CREATE DATABASE \(identifier: name)")
        guard let slash = base.lastIndex(of: "/"), base.hasPrefix("postgres") else {
            throw PostgresError(kind: .usage, message: "the test database URL is not a URL", operation: "scratch")
        }
        url = String(base[...slash]) + name
    }

    /// A scratch database migrated to today's `sql/`, and a connection to it: for tests that need a database of
    /// their own (cluster-wide effects such as advisory locks, snapshots or partition sizes).
    public static func migrated(_ prefix: String) throws -> (ScratchDatabase, Connection) {
        let scratch = try ScratchDatabase(prefix)
        let conn = try Connection(scratch.url)
        try scratch.migrateToToday(on: conn)
        return (scratch, conn)
    }

    /// Drops the database, closing any connection to it.
    public func drop() {
        _ = try? Connection(try TestDatabase.url()).execute("DROP DATABASE \(identifier: name) WITH (FORCE)")
    }

    /// Applies the migrations numbered below `version` (e.g. "010"), as a database of that earlier landing has them;
    /// `texts` gives a file the text an earlier landing shipped instead of today's.
    public func migrate(before version: String, texts: [String: String] = [:], on conn: Connection) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(TestDatabase.uniqueName("sql"))
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for file in try FileManager.default.contentsOfDirectory(atPath: TestDatabase.sqlDirectory.path)
        where file.hasSuffix(".sql") && file < version {
            if let text = texts[file] {
                try text.write(to: dir.appendingPathComponent(file), atomically: true, encoding: .utf8)
            } else {
                try FileManager.default.copyItem(
                    at: TestDatabase.sqlDirectory.appendingPathComponent(file), to: dir.appendingPathComponent(file))
            }
        }
        try Migrator(directory: dir).migrate(conn)
    }

    /// Applies the rest of today's migrations; returns the files applied.
    @discardableResult
    public func migrateToToday(on conn: Connection) throws -> [String] {
        try Migrator(directory: TestDatabase.sqlDirectory).migrate(conn)
    }
}

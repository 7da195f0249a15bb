import Foundation
import LocalPostgres
import Postgres
import Synchronization

/// The real PostgreSQL the integration tests use (never a mock).
///
/// `KINERJA_TEST_DATABASE_URL` names one (CI starts its own server and sets it); otherwise the tests start a
/// private cluster under `.kinerja-test/` in the package folder. Migrations run once per test process.
public enum TestDatabase {
    /// The package's root folder.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The folder of SQL migrations.
    public static let sqlDirectory = packageRoot.appendingPathComponent("sql")

    private static let prepared = Mutex<Result<String, any Error>?>(nil)

    /// The URL of a migrated database.
    public static func url() throws -> String {
        try prepared.withLock { state in
            if let state { return try state.get() }
            let result = Result { () throws -> String in
                let url = try baseURL()
                let conn = try Connection(url)
                try Migrator(directory: sqlDirectory).migrate(conn)
                // The shared database holds one government, the seed's, before any test runs: files that name
                // none and files that name it land in the same one, whichever test comes first. Tests of several
                // governments use a database of their own (`ScratchDatabase`).
                try conn.query("SELECT kinerja.pemda_for(NULL, \(seedGovernment))")
                return url
            }
            state = result
            return try result.get()
        }
    }

    /// The government of the shared test database (the seed LKIP's).
    public static let seedGovernment = "Kota Palangka Raya"

    /// A new connection to the migrated database.
    public static func connect() throws -> Connection { try Connection(url()) }

    /// The local cluster the tests started, when they started one (for restart tests).
    public static var localCluster: LocalCluster? {
        if ProcessInfo.processInfo.environment["KINERJA_TEST_DATABASE_URL"] != nil { return nil }
        return LocalCluster(home: packageRoot.appendingPathComponent(".kinerja-test"))
    }

    private static func baseURL() throws -> String {
        if let url = ProcessInfo.processInfo.environment["KINERJA_TEST_DATABASE_URL"], !url.isEmpty { return url }
        return try localCluster!.start()
    }

    /// A name unique to this test process and call, for queues, schemas and codes that keep tests apart.
    public static func uniqueName(_ prefix: String) -> String {
        "\(prefix)_\(getpid())_\(counter.add(1, ordering: .relaxed).newValue)"
    }

    private static let counter = Atomic<Int>(0)
}

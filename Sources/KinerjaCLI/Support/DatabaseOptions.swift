import ArgumentParser
import Foundation
import LocalPostgres
import Postgres

/// Where the database is: `--database-url`, else `KINERJA_DATABASE_URL`, else libpq's `PG*` variables (and
/// `.pgpass`), else the local cluster of `kinerja db start` (docs/contracts/cli.md).
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("database-url"), help: "PostgreSQL URL or libpq connection string.")
    var databaseURL: String?

    /// The connection string to use; with `startLocal` the local cluster is started when nothing else is given.
    func conninfo(startLocal: Bool = false) throws -> String {
        if let databaseURL, !databaseURL.isEmpty { return databaseURL }
        let env = ProcessInfo.processInfo.environment
        if let url = env["KINERJA_DATABASE_URL"], !url.isEmpty { return url }
        if ["PGHOST", "PGDATABASE", "PGSERVICE", "PGPORT", "PGUSER"].contains(where: { env[$0] != nil }) { return "" }
        let cluster = LocalCluster.fromEnvironment()
        if startLocal { return try cluster.start() }
        guard cluster.isRunning() else {
            throw CLIError.usage(
                "no database: give --database-url, set KINERJA_DATABASE_URL or PG* variables, or run `kinerja db start`"
            )
        }
        return try cluster.url()
    }

    func connect(startLocal: Bool = false, requireSchema: Bool = true) throws -> Connection {
        try connect(try conninfo(startLocal: startLocal), requireSchema: requireSchema)
    }

    /// Connects to a connection string found earlier; the error names where it points, never its password. Wrong
    /// settings exit 2 (usage), an unreachable server 1. With `requireSchema`, a database that was never migrated
    /// exits 2 saying to run `kinerja db migrate`, instead of each command failing on a missing relation.
    func connect(_ info: String, requireSchema: Bool = true) throws -> Connection {
        let conn = try open(info)
        if requireSchema, try !conn.query(Self.hasSchema).first!.decode(0, as: Bool.self) {
            throw CLIError.usage(
                "\(ConnectionStrings.target(info)) has no Kinerja tables yet: run `kinerja db migrate` as the role "
                    + "that owns the database, then try again")
        }
        return conn
    }

    /// Read from the catalogs, which every role may read: true once sql/002 has created the queue.
    static let hasSchema: SQL = """
        SELECT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                       WHERE n.nspname = 'kinerja' AND c.relname = 'jobs')
        """

    private func open(_ info: String) throws -> Connection {
        do {
            return try Connection(info)
        } catch let error where error.kind == .configuration {
            if ConnectionStrings.problem(in: info) != nil { throw CLIError.usage(error.message) }
            throw CLIError.usage("cannot connect to \(ConnectionStrings.target(info)): \(error.message)")
        } catch {
            throw CLIError.failure("cannot connect to \(ConnectionStrings.target(info)): \(error)")
        }
    }
}

/// Finds the project's shared files (sql/, ops/demo/): `KINERJA_SQL_DIR` / `KINERJA_DEMO_DIR`, else next to the
/// executable in an install (`../share/kinerja`), else the source tree the executable was built in.
enum ProjectFiles {
    static var sqlDirectory: URL {
        if let dir = ProcessInfo.processInfo.environment["KINERJA_SQL_DIR"], !dir.isEmpty {
            return URL(fileURLWithPath: dir)
        }
        return root("sql/001_schema.sql").appendingPathComponent("sql")
    }

    static var demoDirectory: URL {
        if let dir = ProcessInfo.processInfo.environment["KINERJA_DEMO_DIR"], !dir.isEmpty {
            return URL(fileURLWithPath: dir)
        }
        return root("ops/demo").appendingPathComponent("ops/demo")
    }

    /// The first folder above the executable (or the working directory) that holds `marker`.
    private static func root(_ marker: String) -> URL {
        let fm = FileManager.default
        var candidates: [URL] = []
        // The running executable's own path: `arguments[0]` is only "kinerja" when the shell found it on PATH, and
        // resolved against the working directory it pointed nowhere (`kinerja doctor` in another folder failed).
        let exe = URL(fileURLWithPath: Bundle.main.executablePath ?? CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(dir)
            candidates.append(dir.appendingPathComponent("share/kinerja"))
            dir = dir.deletingLastPathComponent()
        }
        candidates.append(URL(fileURLWithPath: fm.currentDirectoryPath))
        candidates.append(URL(fileURLWithPath: "/usr/share/kinerja"))
        return candidates.first { fm.fileExists(atPath: $0.appendingPathComponent(marker).path) }
            ?? URL(fileURLWithPath: fm.currentDirectoryPath)
    }
}

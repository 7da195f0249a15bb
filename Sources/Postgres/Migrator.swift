import Foundation

/// Applies numbered SQL files (`001_name.sql`, `002_...`) in order, each in its own transaction, and records them
/// with a checksum in `<schema>.schema_migrations`.
///
/// Idempotent: applied files are skipped. Refuses to run when an applied file was edited since (its checksum
/// changed), unless the text applied is one a list of earlier texts (`earlierTextsFile`) gives for that version.
/// Safe when several processes migrate at once: they take a session advisory lock in turn.
public struct Migrator: Sendable {
    /// One migration file.
    public struct Migration: Sendable, Equatable {
        public let version: Int
        public let name: String
        public let sql: String
    }

    /// A migration's state in a database.
    public struct Status: Sendable, Equatable {
        public let version: Int
        public let name: String
        public let applied: Bool
        /// True when an applied file's text no longer matches what was applied.
        public let edited: Bool
    }

    public let directory: URL
    public let schema: String
    /// Arbitrary constant: the advisory lock key that serialises migrating processes.
    static let lockKey: Int64 = 0x4B49_4E45_524A_4101

    public init(directory: URL, schema: String = "kinerja") {
        self.directory = directory
        self.schema = schema
    }

    /// In the migrations' directory: earlier texts of landed files that databases may have applied, one per line,
    /// `VERSION SHA256 where it shipped`; `#` starts a comment. Once landed, a list is itself never edited: texts
    /// found later go into a file of their own named like `earlier_texts_031.txt`, read with it.
    public static let earlierTextsFile = "earlier_texts.txt"

    /// The lists of earlier texts in the directory: `earlierTextsFile` and the later `earlier_texts_*.txt`.
    func earlierTextsFiles() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0 == Self.earlierTextsFile || ($0.hasPrefix("earlier_texts_") && $0.hasSuffix(".txt")) }
            .sorted().map { directory.appendingPathComponent($0) }
    }

    /// The checksums the lists of earlier texts accept, by version; none when there is no list.
    func earlierChecksums() throws -> [Int: Set<String>] {
        var accepted: [Int: Set<String>] = [:]
        for url in try earlierTextsFiles() {
            for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") where !line.hasPrefix("#") {
                let fields = line.split(separator: " ", maxSplits: 2)
                guard fields.count >= 2, let version = Int(fields[0]) else { continue }
                accepted[version, default: []].insert(String(fields[1]))
            }
        }
        return accepted
    }

    /// The migration files, in version order.
    public func migrations() throws -> [Migration] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        var found: [Migration] = []
        for name in names where name.hasSuffix(".sql") {
            let digits = name.prefix { $0.isNumber }
            guard !digits.isEmpty, name.dropFirst(digits.count).first == "_", let version = Int(digits) else {
                continue
            }
            let sql = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            found.append(Migration(version: version, name: name, sql: sql))
        }
        found.sort { $0.version < $1.version }
        for (a, b) in zip(found, found.dropFirst()) where a.version == b.version {
            throw MigrationError(message: "two migrations share version \(a.version): \(a.name), \(b.name)")
        }
        return found
    }

    /// Applies what is missing and returns the names applied now.
    @discardableResult
    public func migrate(_ conn: Connection) throws -> [String] {
        try conn.query("SELECT pg_advisory_lock(\(Self.lockKey))")
        defer { _ = try? conn.query("SELECT pg_advisory_unlock(\(Self.lockKey))") }
        try bootstrap(conn)
        let files = try migrations()
        let state = try status(conn, files: files)
        if let edited = state.first(where: \.edited) {
            throw MigrationError(
                message: "migration \(edited.name) was edited after it was applied; restore it and add a new migration")
        }
        var applied: [String] = []
        for (file, s) in zip(files, state) where !s.applied {
            do {
                try conn.transaction { conn in
                    try conn.execute(SQL(unsafeSQL: file.sql))
                    try conn.execute(
                        """
                        INSERT INTO \(identifier: schema).schema_migrations (version, name, checksum)
                        VALUES (\(file.version), \(file.name), encode(sha256(convert_to(\(file.sql), 'UTF8')), 'hex'))
                        """)
                }
            } catch {
                throw MigrationError(failed: file.name, applied: applied, error: error)
            }
            applied.append(file.name)
        }
        return applied
    }

    /// Each file's state in the database.
    public func status(_ conn: Connection) throws -> [Status] {
        try bootstrap(conn)
        return try status(conn, files: migrations())
    }

    private func status(_ conn: Connection, files: [Migration]) throws -> [Status] {
        let rows = try conn.query(
            """
            SELECT m.version, m.checksum, m.checksum = encode(sha256(convert_to(f.sql, 'UTF8')), 'hex') AS same
            FROM \(identifier: schema).schema_migrations m
            JOIN unnest(\(files.map(\.version))::int[], \(files.map(\.sql))::text[]) AS f(version, sql)
              ON f.version = m.version
            """
        ).rows
        let earlier = try earlierChecksums()
        var same: [Int: Bool] = [:]
        for row in rows {
            let version = try row.decode(0, as: Int.self)
            let applied = try row.decode(1, as: String.self)
            same[version] = try row.decode(2, as: Bool.self) || earlier[version, default: []].contains(applied)
        }
        return files.map { f in
            Status(version: f.version, name: f.name, applied: same[f.version] != nil, edited: same[f.version] == false)
        }
    }

    /// Creates the schema and the bookkeeping table when missing. Looked up in the catalogs first: PostgreSQL checks
    /// the right to create before it sees that `IF NOT EXISTS` holds, so a role that may only read (an operator
    /// running `doctor`) would be refused even when there is nothing to create.
    private func bootstrap(_ conn: Connection) throws {
        let row = try conn.query(
            """
            SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = \(schema)::text),
                   to_regclass(format('%I.schema_migrations', \(schema)::text)) IS NOT NULL
            """
        ).first!
        if try row.decode(1, as: Bool.self) { return }
        if try !row.decode(0, as: Bool.self) { try conn.execute("CREATE SCHEMA IF NOT EXISTS \(identifier: schema)") }
        try conn.execute(
            """
            CREATE TABLE IF NOT EXISTS \(identifier: schema).schema_migrations (
                version int PRIMARY KEY,
                name text NOT NULL,
                checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """)
    }
}

/// A migration could not be applied; nothing of that migration was kept.
public struct MigrationError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }

    init(message: String) { self.message = message }

    /// A file that failed: it was rolled back whole; the files before it stay applied, and running the migrations
    /// again starts at this one. A missing privilege says which.
    init(failed file: String, applied: [String], error: any Error) {
        var message = "\(file) was not applied (rolled back whole"
        message += applied.isEmpty ? ")" : "; applied before it: \(applied.joined(separator: ", ")))"
        message += ": \((error as? PostgresError)?.message ?? String(describing: error))"
        if (error as? PostgresError)?.sqlState == "42501" {
            message +=
                ". The role running the migrations lacks a privilege this file needs: run `migrate` as the "
                + "database owner, with CREATEROLE when the file creates roles, then run it again"
        }
        self.message = message
    }
}

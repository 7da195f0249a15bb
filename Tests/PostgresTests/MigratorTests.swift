import Foundation
import TestSupport
import Testing

@testable import Postgres

@Suite("Migrations")
struct MigratorTests {
    private func scratch(_ files: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(TestDatabase.uniqueName("mig"))
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, sql) in files {
            try sql.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return dir
    }

    @Test("migrations apply in order, are idempotent, and an edited applied file is refused")
    func idempotentAndChecksummed() throws {
        let conn = try TestDatabase.connect()
        let schema = TestDatabase.uniqueName("mig")
        defer { _ = try? conn.execute("DROP SCHEMA \(identifier: schema) CASCADE") }
        let dir = try scratch([
            "001_a.sql": "CREATE TABLE \(schema).a (id int);",
            "002_b.sql": "INSERT INTO \(schema).a VALUES (1), (2);",
            "notes.txt": "ignored",
        ])
        let migrator = Migrator(directory: dir, schema: schema)
        #expect(try migrator.migrate(conn) == ["001_a.sql", "002_b.sql"])
        #expect(try migrator.migrate(conn) == [])
        #expect(try conn.query("SELECT count(*) FROM \(identifier: schema).a").first!.decode(0, as: Int.self) == 2)
        #expect(try migrator.status(conn).allSatisfy { $0.applied && !$0.edited })

        try "INSERT INTO \(schema).a VALUES (3);".write(
            to: dir.appendingPathComponent("002_b.sql"), atomically: true, encoding: .utf8)
        #expect(throws: MigrationError.self) { try migrator.migrate(conn) }
        #expect(try migrator.status(conn).map(\.edited) == [false, true])
    }

    @Test("an applied text that earlier_texts.txt lists for its version is accepted; any other edit is refused")
    func earlierTexts() throws {
        let conn = try TestDatabase.connect()
        let schema = TestDatabase.uniqueName("migearly")
        defer { _ = try? conn.execute("DROP SCHEMA \(identifier: schema) CASCADE") }
        let shipped = "CREATE TABLE \(schema).a (id int, note text);"
        let dir = try scratch(["001_a.sql": shipped])
        let migrator = Migrator(directory: dir, schema: schema)
        try migrator.migrate(conn)
        let checksum = try conn.query("SELECT encode(sha256(convert_to(\(shipped), 'UTF8')), 'hex')").first!.decode(
            0, as: String.self)

        // The file goes back to another text, as a landed file restored after an edit that shipped.
        try "CREATE TABLE \(schema).a (id int, note text); -- restored".write(
            to: dir.appendingPathComponent("001_a.sql"), atomically: true, encoding: .utf8)
        #expect(throws: MigrationError.self) { try migrator.migrate(conn) }
        try "# shipped once\n1 \(checksum) the edit\n".write(
            to: dir.appendingPathComponent(Migrator.earlierTextsFile), atomically: true, encoding: .utf8)
        #expect(try migrator.migrate(conn) == [])
        #expect(try migrator.status(conn).map(\.edited) == [false])

        // A text neither the file nor the list knows is still refused.
        try "CREATE TABLE \(schema).a (id bigint);".write(
            to: dir.appendingPathComponent("001_a.sql"), atomically: true, encoding: .utf8)
        try conn.execute(
            "UPDATE \(identifier: schema).schema_migrations SET checksum = 'some other text' WHERE version = 1")
        #expect(throws: MigrationError.self) { try migrator.migrate(conn) }
    }

    @Test("a database migrated when sql/024, sql/025 or sql/026 had another of its shipped texts migrates on")
    func bothTextsOfJobHistory() throws {
        let (scratch, conn) = try ScratchDatabase.migrated("mig024")
        defer { scratch.drop() }
        let migrator = Migrator(directory: TestDatabase.sqlDirectory)
        // Every text a landing shipped (the first eight hex digits of its SHA-256) is the file's or listed.
        let shipped: [Int: Set<String>] = [
            24: ["bdabbc88", "6bcb8f0e"], 25: ["3b01ad4f", "ef50e196"], 26: ["d35197ae", "b218ddf7", "50c849ad"],
        ]
        let listed = try migrator.earlierChecksums()
        for (version, texts) in shipped {
            let file = try conn.query(
                "SELECT checksum FROM kinerja.schema_migrations WHERE version = \(version)"
            ).first!.decode(0, as: String.self)
            let accepted = Set((listed[version, default: []].union([file])).map { String($0.prefix(8)) })
            #expect(accepted == texts, "sql/0\(version)")
        }
        for (version, checksums) in listed {
            for checksum in checksums {
                try conn.execute(
                    "UPDATE kinerja.schema_migrations SET checksum = \(checksum) WHERE version = \(version)")
                #expect(try migrator.migrate(conn) == [])
                #expect(try migrator.status(conn).allSatisfy { $0.applied && !$0.edited })
            }
        }
    }

    @Test("a failing migration leaves nothing of itself behind and is named with what was applied before it")
    func failingMigration() throws {
        let conn = try TestDatabase.connect()
        let schema = TestDatabase.uniqueName("migfail")
        defer { _ = try? conn.execute("DROP SCHEMA \(identifier: schema) CASCADE") }
        let dir = try scratch([
            "001_ok.sql": "CREATE TABLE \(schema).ok (id int);",
            "002_bad.sql": "CREATE TABLE \(schema).half (id int); SELECT 1/0;",
        ])
        let migrator = Migrator(directory: dir, schema: schema)
        let error = #expect(throws: MigrationError.self) { try migrator.migrate(conn) }
        #expect(
            error?.message.hasPrefix(
                "002_bad.sql was not applied (rolled back whole; applied before it: 001_ok.sql): division by zero")
                == true, "\(String(describing: error))")
        #expect(try migrator.status(conn).map(\.applied) == [true, false])
        let half = try conn.query("SELECT to_regclass(\(schema + ".half"))::text").first!
        #expect(try half.decode(0, as: String?.self) == nil)
    }

    @Test("a migration the role may not run says which privilege is missing")
    func missingPrivilege() throws {
        let conn = try TestDatabase.connect()
        let schema = TestDatabase.uniqueName("migpriv")
        let role = TestDatabase.uniqueName("weak")
        defer {
            _ = try? conn.execute("DROP SCHEMA \(identifier: schema) CASCADE")
            _ = try? conn.execute("DROP ROLE \(identifier: role)")
        }
        try conn.execute("CREATE ROLE \(identifier: role) NOCREATEROLE")
        try conn.execute("CREATE SCHEMA \(identifier: schema) AUTHORIZATION \(identifier: role)")
        let dir = try scratch(["001_roles.sql": "CREATE ROLE \(role)_reader NOLOGIN;"])
        try conn.execute("SET ROLE \(identifier: role)")
        defer { _ = try? conn.execute("RESET ROLE") }
        let error = #expect(throws: MigrationError.self) { try Migrator(directory: dir, schema: schema).migrate(conn) }
        #expect(error?.message.contains("001_roles.sql was not applied (rolled back whole)") == true)
        #expect(error?.message.contains("with CREATEROLE when the file creates roles") == true)
    }

    @Test("two processes migrating at once apply each file once")
    func concurrentMigrate() throws {
        let schema = TestDatabase.uniqueName("migrace")
        let dir = try scratch([
            "001_a.sql": "CREATE TABLE \(schema).a (id int); SELECT pg_sleep(0.3);",
            "002_b.sql": "INSERT INTO \(schema).a VALUES (1);",
        ])
        let url = try TestDatabase.url()
        let applied = Locked<[String]>([])
        let failures = Locked<[String]>([])
        let done = DispatchGroup()
        for _ in 0..<3 {
            done.enter()
            Thread.detachNewThread {
                defer { done.leave() }
                do {
                    let conn = try Connection(url)
                    let names = try Migrator(directory: dir, schema: schema).migrate(conn)
                    applied.mutate { $0 += names }
                } catch { failures.mutate { $0.append(String(describing: error)) } }
            }
        }
        done.wait()
        let conn = try TestDatabase.connect()
        defer { _ = try? conn.execute("DROP SCHEMA \(identifier: schema) CASCADE") }
        #expect(failures.value == [])
        #expect(applied.value.sorted() == ["001_a.sql", "002_b.sql"])
        #expect(try conn.query("SELECT count(*) FROM \(identifier: schema).a").first!.decode(0, as: Int.self) == 1)
    }
}

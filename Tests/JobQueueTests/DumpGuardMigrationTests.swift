import Foundation
import Postgres
import TestSupport
import Testing

/// sql/031 brings the `pg_dump` guard to databases migrated with sql/026's first text, and leaves those that applied
/// the edited text stops 31 and 32 shipped (the guard already inside sql/026) with the same functions.
@Suite("sql/031: the pg_dump guard on databases of every landing")
struct DumpGuardMigrationTests {
    /// The definitions and privileges of the functions sql/031 writes.
    static let functions = """
        SELECT string_agg(p.proname || ' ' || pg_get_functiondef(p.oid) || coalesce(p.proacl::text, ''), E'\\n'
                          ORDER BY p.proname)
        FROM pg_proc p
        WHERE p.pronamespace = 'kinerja'::regnamespace
          AND p.proname IN ('dump_in_progress', 'compact_jobs', 'recycle_ready', 'recycle_ready_018')
        """

    @Test("a database at sql/030 with sql/026's first text takes sql/031: the guard and the wrapper, as a new database")
    func upgradeFromFirstText() throws {
        let (fresh, freshConn) = try ScratchDatabase.migrated("guardnew")
        defer { fresh.drop() }
        let scratch = try ScratchDatabase("guardup")
        defer { scratch.drop() }
        let conn = try Connection(scratch.url)
        try scratch.migrate(before: "031", on: conn)
        #expect(
            try conn.query("SELECT to_regprocedure('kinerja.dump_in_progress()') IS NULL").first!.decode(
                0, as: Bool.self))

        #expect(try scratch.migrateToToday(on: conn) == ["031_dump_guard.sql"])
        let expected = try freshConn.query(SQL(unsafeSQL: Self.functions)).first!.decode(0, as: String.self)
        #expect(try conn.query(SQL(unsafeSQL: Self.functions)).first!.decode(0, as: String.self) == expected)
    }

    @Test("sql/031 run where its functions already stand (sql/026 as stops 31 and 32 shipped it) changes none of them")
    func runsWhereTheEditWasApplied() throws {
        let (scratch, conn) = try ScratchDatabase.migrated("guardagain")
        defer { scratch.drop() }
        let before = try conn.query(SQL(unsafeSQL: Self.functions)).first!.decode(0, as: String.self)
        let text = try String(
            contentsOf: TestDatabase.sqlDirectory.appendingPathComponent("031_dump_guard.sql"), encoding: .utf8)
        _ = try conn.transaction { tx in try tx.execute(SQL(unsafeSQL: text)) }
        #expect(try conn.query(SQL(unsafeSQL: Self.functions)).first!.decode(0, as: String.self) == before)
        #expect(try conn.query("SELECT kinerja.recycle_ready(0) IS NOT NULL").first!.decode(0, as: Bool.self))
    }
}

import Foundation
import Postgres
import TestSupport
import Testing

/// sql/031 brings the `pg_dump` guard to databases migrated with the text of sql/026 that add6ac4 and stop 33 shipped,
/// and leaves those that applied the text with the guard already inside (the file's, as stops 31 and 32 shipped it)
/// with the same functions.
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

    /// sql/026 as add6ac4 and stop 33 shipped it, without the guard (`sql/earlier_texts_034.txt` lists it).
    static let textWithoutGuard = Bundle.module.url(forResource: "Fixtures/026_first_text.sql", withExtension: nil)!

    @Test(
        "a database at sql/030 with sql/026's text without the guard takes sql/031: the guard and the wrapper, as a new database"
    )
    func upgradeFromFirstText() throws {
        let (fresh, freshConn) = try ScratchDatabase.migrated("guardnew")
        defer { fresh.drop() }
        let scratch = try ScratchDatabase("guardup")
        defer { scratch.drop() }
        let conn = try Connection(scratch.url)
        let text = try String(contentsOf: Self.textWithoutGuard, encoding: .utf8)
        try scratch.migrate(before: "031", texts: ["026_queue_tables_kept_small.sql": text], on: conn)
        #expect(
            try conn.query("SELECT to_regprocedure('kinerja.dump_in_progress()') IS NULL").first!.decode(
                0, as: Bool.self))

        #expect(try scratch.migrateToToday(on: conn).first == "031_dump_guard.sql")
        let expected = try freshConn.query(SQL(unsafeSQL: Self.functions)).first!.decode(0, as: String.self)
        #expect(try conn.query(SQL(unsafeSQL: Self.functions)).first!.decode(0, as: String.self) == expected)
    }

    @Test(
        "sql/031 run where its functions already stand (sql/026 with the guard, as the file has it) changes none of them"
    )
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

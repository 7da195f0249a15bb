import Foundation
import Postgres
import TestSupport
import Testing

@Suite("migration 017: budget contexts without their foreign key")
struct BudgetContextsMigrationTests {
    @Test("an import's contexts stay through the upgrade and go with the import, as the key's cascade did")
    func contextsGoWithTheirImport() throws {
        let scratch = try ScratchDatabase("mig017")
        defer { scratch.drop() }
        let conn = try Connection(scratch.url)
        try scratch.migrate(before: "017", on: conn)
        try conn.execute(
            """
            INSERT INTO kinerja.imports (kind, file_name, sha256, tahun, kode_opd, versi, rows)
            VALUES ('rka', 'a.csv', 'h', 2020, 'X1', 'murni', 2), ('rka', 'b.csv', 'h', 2020, 'X2', 'murni', 1);
            INSERT INTO kinerja.anggaran (tahun, kode_opd, versi, tingkat, kode_program, nama_program, kode_akun,
                                          anggaran, realisasi, import_id, source_row)
            VALUES (2020, 'X1', 'murni', 'akun', '8.01.01', 'P', '5.1.02.01.01.0001', 100, 50, 1, 2),
                   (2020, 'X1', 'murni', 'akun', '8.01.02', 'Q', '5.1.02.01.01.0001', 100, 50, 1, 3),
                   (2020, 'X2', 'murni', 'akun', '8.01.01', 'P', '5.1.02.01.01.0001', 100, 50, 2, 2);
            """)
        #expect(try scratch.migrateToToday(on: conn).first == "017_budget_contexts_unchecked.sql")
        func count(_ table: String) throws -> Int {
            try conn.query(SQL(unsafeSQL: "SELECT count(*)::int FROM kinerja.\(table)")).first!.decode(0, as: Int.self)
        }
        #expect(try count("anggaran_konteks") == 3)
        #expect(
            try conn.query(
                "SELECT count(*)::int FROM pg_constraint WHERE conrelid = 'kinerja.anggaran_konteks'::regclass AND contype = 'f'"
            ).first!.decode(0, as: Int.self) == 0)
        try conn.execute("DELETE FROM kinerja.imports WHERE id = 1")
        #expect(try count("anggaran_konteks") == 1)
        #expect(try count("anggaran_baris") == 1)
        #expect(try count("anggaran") == 1)
    }
}

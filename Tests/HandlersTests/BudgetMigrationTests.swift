import Foundation
import Postgres
import TestSupport
import Testing

@Suite("migration 008: budget lines stored before it")
struct BudgetMigrationTests {
    @Test("lines, their context and their imports' scope move to the new tables; the views read them as before")
    func linesMove() throws {
        let scratch = try ScratchDatabase("mig008")
        defer { scratch.drop() }
        let conn = try Connection(scratch.url)
        // The schema as it was before 008.
        try scratch.migrate(before: "008", on: conn)
        try conn.execute(
            """
            INSERT INTO kinerja.opd (kode, nama) VALUES ('X1', 'OPD X');
            INSERT INTO kinerja.imports (kind, file_name, sha256, tahun, kode_opd, versi, rows)
            VALUES ('rka', 'a.csv', 'h', 2020, 'X1', 'murni', 3), ('rka', 'b.csv', 'h', NULL, NULL, NULL, 1);
            INSERT INTO kinerja.anggaran (tahun, kode_opd, versi, tingkat, kode_program, nama_program,
                                          kode_sub_kegiatan, nama_sub_kegiatan, kode_akun, nama_akun, anggaran,
                                          realisasi, is_leaf, import_id, source_row)
            VALUES (2020, 'X1', 'murni', 'sub_kegiatan', '8.01.01', 'P', '8.01.01.2.01.0001', 'S', '', '', 300, 250,
                    false, 1, 2),
                   (2020, 'X1', 'murni', 'akun', '8.01.01', 'P', '8.01.01.2.01.0001', 'S', '5.1.02.01.01.0001', 'A',
                    100, 100, true, 1, 3),
                   (2020, 'X1', 'murni', 'akun', '8.01.01', 'P', '8.01.01.2.01.0001', 'S', '5.1.02.01.01.0002', 'B',
                    200, 150, true, 1, 4),
                   (2021, 'X1', 'perubahan', 'program', '8.01.01', 'P', '', '', '', '', 50, NULL, true, 2, 1);
            """)
        let applied = try scratch.migrateToToday(on: conn)
        #expect(applied.first == "008_budget_lines_bulk.sql")
        let lines = try conn.query(
            """
            SELECT concat_ws('|', tahun, kode_opd, versi, tingkat, kode_program, nama_program, kode_sub_kegiatan,
                             kode_akun, nama_akun, anggaran, realisasi, is_leaf, import_id, source_row)
            FROM kinerja.anggaran ORDER BY import_id, source_row
            """
        ).rows.map { try $0.decode(0, as: String.self) }
        #expect(
            lines == [
                "2020|X1|murni|sub_kegiatan|8.01.01|P|8.01.01.2.01.0001|||300.00|250.00|f|1|2",
                "2020|X1|murni|akun|8.01.01|P|8.01.01.2.01.0001|5.1.02.01.01.0001|A|100.00|100.00|t|1|3",
                "2020|X1|murni|akun|8.01.01|P|8.01.01.2.01.0001|5.1.02.01.01.0002|B|200.00|150.00|t|1|4",
                "2021|X1|perubahan|program|8.01.01|P||||50.00|t|2|1",  // concat_ws leaves out the NULL realisasi
            ])
        #expect(
            try conn.query("SELECT count(*)::int FROM kinerja.anggaran_konteks").first!.decode(0, as: Int.self) == 2)
        #expect(
            try conn.query("SELECT count(*)::int FROM kinerja.v_anggaran_berlaku").first!.decode(0, as: Int.self) == 4)
    }
}

import Foundation
import Postgres
import TestSupport
import Testing

@Suite("reports list")
struct ReportsListTests {
    @Test("the table names each report's government last: its code, else its name; the columns before stay in place")
    func governmentColumn() throws {
        let (scratch, conn) = try ScratchDatabase.migrated("replist")
        defer { scratch.drop() }
        try conn.execute(
            """
            INSERT INTO kinerja.pemda (kode, nama) VALUES ('62.71', 'Kota Satu'), (NULL, 'Kabupaten Dua');
            INSERT INTO kinerja.reports (tahun, kode_opd, format, content, sha256, pemda_id)
            SELECT 2020, 'X1', 'md', '\\x61'::bytea, 'abc', id FROM kinerja.pemda;
            """)
        let out = try CLIRunner(url: scratch.url).run(["reports", "list"])
        #expect(out.status == 0, "\(out.stderr)")
        let lines = out.stdout.split(separator: "\n").map(String.init)
        #expect(
            lines.first?.split(separator: " ").map(String.init)
                == ["ID", "TAHUN", "OPD", "FORMAT", "BYTES", "SHA256", "JOB", "CREATED", "PEMDA"])
        let rows = lines.dropFirst()
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { $0.split(separator: " ").map(String.init)[2...3] == ["X1", "md"] })
        #expect(rows.filter { $0.hasSuffix(" 62.71") }.count == 1)
        #expect(rows.filter { $0.hasSuffix(" Kabupaten Dua") }.count == 1)
    }
}

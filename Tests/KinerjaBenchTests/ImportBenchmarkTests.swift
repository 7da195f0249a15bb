import Foundation
import Handlers
import KinerjaBench
import TestSupport
import Testing

@Suite("import benchmark")
struct ImportBenchmarkTests {
    @Test("a small generated SIPD export imports whole, parents equal to their children")
    func small() throws {
        let rows = Int(ProcessInfo.processInfo.environment["KINERJA_BENCH_IMPORT_ROWS"] ?? "") ?? 2_000
        let result: ImportBenchmarkResult
        if let file = ProcessInfo.processInfo.environment["KINERJA_BENCH_IMPORT_FILE"] {
            // Keeps the file, to time the reference `psql \copy` on the same rows.
            try ImportBenchmark.generateSIPD(rows: rows, to: file)
            result = try ImportBenchmark.run(file: file, conninfo: try TestDatabase.url())
        } else {
            result = try ImportBenchmark.run(rows: rows, conninfo: try TestDatabase.url())
        }
        print("import benchmark:", String(decoding: try JSONEncoder().encode(result), as: UTF8.self))
        #expect(result.rows == rows)
        #expect(result.linesWritten == rows)
        let conn = try TestDatabase.connect()
        let stored = try conn.query(
            "SELECT count(*)::int FROM kinerja.v_anggaran_berlaku WHERE kode_opd = '9.99.0.00.0.00.01.0000' AND tahun = 2024"
        ).first!.decode(0, as: Int.self)
        #expect(stored == rows)
        let findings = try conn.query(
            """
            SELECT count(*)::int FROM kinerja.temuan WHERE kode_opd = '9.99.0.00.0.00.01.0000' AND asal = 'import'
            """
        ).first!.decode(0, as: Int.self)
        #expect(findings == 0)
    }
}

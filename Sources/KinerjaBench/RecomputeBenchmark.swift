import Foundation
import Handlers
import Postgres
import Producers

/// `kinerja bench recompute`: builds a synthetic data set in years of its own (OPDs × indicators × years, and a
/// budget of many lines in the last year), times recompute_capaian over it, times a second run (which must change
/// nothing), and deletes the data again.
public enum RecomputeBenchmark {
    public struct Result: Codable, Sendable {
        public let opds: Int
        public let indicators: Int
        public let years: Int
        public let budgetLines: Int
        /// Recompute of every year, all OPDs, from empty results.
        public let recomputeSeconds: Double
        /// The same again on unchanged data (writes nothing).
        public let secondRunSeconds: Double
        public let secondRunRowsChanged: Int
        /// Recompute of the year that holds the budget lines.
        public let budgetYearSeconds: Double

        enum CodingKeys: String, CodingKey {
            case opds, indicators, years
            case budgetLines = "budget_lines"
            case recomputeSeconds = "recompute_seconds"
            case secondRunSeconds = "second_run_seconds"
            case secondRunRowsChanged = "second_run_rows_changed"
            case budgetYearSeconds = "budget_year_seconds"
        }
    }

    /// Years far from real data, so the benchmark never touches it.
    package static let firstYear = 2150

    /// OPDs, their sasaran, indicators per sasaran, and values for a range of years.
    package static let seed: [String] = [
        "INSERT INTO kinerja.opd (kode, nama) SELECT 'bench.' || o, 'OPD Bench ' || o FROM generate_series(1, $1) o",
        """
        INSERT INTO kinerja.sasaran (kode_opd, nama)
        SELECT 'bench.' || o, 'Sasaran ' || s FROM generate_series(1, $1) o, generate_series(1, $2) s
        """,
        """
        INSERT INTO kinerja.indikator (sasaran_id, nama, satuan, polaritas)
        SELECT s.id, 'Indikator ' || i, '%', CASE WHEN i % 7 = 0 THEN 'negatif' ELSE 'positif' END
        FROM kinerja.sasaran s, generate_series(1, $1) i WHERE s.kode_opd LIKE 'bench.%'
        """,
        """
        INSERT INTO kinerja.indikator_nilai (indikator_id, tahun, target, target_min, target_max, realisasi)
        SELECT i.id, y, '80', 80, 80,
               CASE WHEN (i.id + y) % 13 = 0 THEN NULL ELSE ((i.id * 37 + y * 11) % 12000) / 100.0 END
        FROM kinerja.indikator i JOIN kinerja.sasaran s ON s.id = i.sasaran_id,
             generate_series($1::int, $2::int) y
        WHERE s.kode_opd LIKE 'bench.%'
        """,
    ]

    /// One import per OPD, 60 contexts (program, kegiatan, sub kegiatan) each, and $1 account lines spread over
    /// the $3 OPDs, in year $2.
    package static let budget = """
        WITH imp AS (
            INSERT INTO kinerja.imports (kind, file_name, sha256, tahun, kode_opd, versi, rows)
            SELECT 'rka', 'bench.csv', repeat('0', 64), $2, 'bench.' || o, 'murni', 0 FROM generate_series(1, $3) o
            RETURNING id, kode_opd
        ), contexts AS (
            INSERT INTO kinerja.anggaran_konteks (import_id, konteks, kode_program, nama_program, kode_kegiatan,
                                                  nama_kegiatan, kode_sub_kegiatan, nama_sub_kegiatan)
            SELECT imp.id, c + 1, '8.01.' || lpad((c % 5 + 1)::text, 2, '0'), 'Program ' || (c % 5 + 1),
                   '8.01.01.2.' || lpad((c % 20 + 1)::text, 2, '0'), 'Kegiatan ' || (c % 20 + 1),
                   '8.01.01.2.01.' || lpad((c + 1)::text, 4, '0'), 'Sub kegiatan ' || (c + 1)
            FROM imp, generate_series(0, 59) c
        )
        INSERT INTO kinerja.anggaran_baris (import_id, source_row, konteks, tingkat, kode_akun, nama_akun, jenis_belanja,
                                            anggaran, realisasi)
        SELECT imp.id, n + 1, n % 60 + 1, 'akun',
               '5.1.02.01.01.' || lpad((n % 300 + 1)::text, 4, '0'), 'Belanja ' || (n % 300 + 1),
               CASE WHEN n % 4 = 0 THEN 'Belanja Modal' ELSE 'Belanja Operasi' END,
               (1000000 + n::bigint * 7919 % 90000000) / 100.0 * 100, (1000000 + n::bigint * 7919 % 90000000) / 100.0 * 93
        FROM generate_series(1, $1) n JOIN imp ON imp.kode_opd = 'bench.' || (1 + n % $3)
        """

    package static let cleanup = """
        DELETE FROM kinerja.penyerapan WHERE kode_opd LIKE 'bench.%';
        DELETE FROM kinerja.temuan WHERE kode_opd LIKE 'bench.%';
        DELETE FROM kinerja.imports WHERE file_name = 'bench.csv';
        DELETE FROM kinerja.sasaran WHERE kode_opd LIKE 'bench.%';
        DELETE FROM kinerja.opd WHERE kode LIKE 'bench.%';
        """

    public static func run(opds: Int, indicators: Int, years: Int, budgetLines: Int, conninfo: String) throws -> Result
    {
        let conn = try Connection(conninfo)
        try conn.execute(SQL(unsafeSQL: cleanup))
        defer { _ = try? conn.execute(SQL(unsafeSQL: cleanup)) }
        let perSasaran = max(1, min(5, indicators))
        let lastYear = firstYear + years - 1
        let binds: [[any PostgresEncodable]] = [
            [opds], [opds, max(1, indicators / perSasaran)], [perSasaran], [firstYear, lastYear],
        ]
        for (statement, values) in zip(seed, binds) { try conn.execute(SQL(unsafeSQL: statement, binds: values)) }
        if budgetLines > 0 { try conn.execute(SQL(unsafeSQL: budget, binds: [budgetLines, lastYear, opds])) }
        try conn.execute("ANALYZE")

        func recomputeAll() throws -> (seconds: Double, changed: Int, budgetYear: Double) {
            let start = Date()
            var changed = 0
            var budgetYear = 0.0
            for tahun in firstYear...lastYear {
                let yearStart = Date()
                changed += try conn.transaction { tx in
                    try RecomputeHandler.recompute(RecomputeArgs(tahun: tahun), on: tx).rowsChanged
                }
                if tahun == lastYear { budgetYear = Date().timeIntervalSince(yearStart) }
            }
            return (Date().timeIntervalSince(start), changed, budgetYear)
        }
        let first = try recomputeAll()
        let second = try recomputeAll()
        return Result(
            opds: opds, indicators: indicators, years: years, budgetLines: budgetLines, recomputeSeconds: first.seconds,
            secondRunSeconds: second.seconds, secondRunRowsChanged: second.changed, budgetYearSeconds: first.budgetYear)
    }
}

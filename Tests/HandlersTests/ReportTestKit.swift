import Foundation
import Handlers
import JobQueue
import Logging
import Postgres
import Producers
import Report
import TestSupport

/// Helpers for the produce_report tests: each test has its own queue and OPD code, so tests run side by side.
struct ReportTestKit {
    let queue: String
    let kode: String
    let url: String
    let conn: Connection
    let tahun = 2025

    init(_ prefix: String = "rep") throws {
        queue = TestDatabase.uniqueName("q_" + prefix)
        kode = TestDatabase.uniqueName("T." + prefix)
        url = try TestDatabase.url()
        conn = try Connection(url)
    }

    /// Runs a worker pool with the real registry until the queue is idle.
    func runWorkers(concurrency: Int = 2) {
        TestWorkers.runUntilIdle(
            conninfo: url, queue: queue, registry: KinerjaHandlers.registry(), name: "report-test",
            concurrency: concurrency, lease: 60)
    }

    /// Enqueues produce_report for this test's OPD on this test's queue.
    func enqueue(_ format: ReportFormat, tahun: Int? = nil, kodeOPD: String? = nil) throws -> Int64 {
        var job = try ProduceReportArgs(tahun: tahun ?? self.tahun, kodeOPD: kodeOPD ?? kode, format: format).job()
        job.queue = queue
        job.maxAttempts = 2
        return try Producer.enqueue(job, on: conn).id
    }

    func job(_ id: Int64) throws -> JobRecord { try TestJobs.job(id, on: conn) }

    func lastError(_ id: Int64) throws -> String { try TestJobs.lastError(id, on: conn) }

    /// The stored report of a job: content, stored sha256, the sha256 PostgreSQL computes of the content now, and
    /// the generated-at text kept in `inputs`.
    func stored(job id: Int64) throws -> (content: Data, sha256: String, actual: String, generatedAt: String)? {
        try conn.query(
            """
            SELECT content, sha256, encode(sha256(content), 'hex'), inputs->>'generated_at_text'
            FROM kinerja.reports WHERE job_id = \(id)
            """
        ).first.map {
            (try $0.decode(0), try $0.decode(1), try $0.decode(2), try $0.decode(3))
        }
    }

    /// Inserts the small data set straight into the tables, with capaian, sasaran means, absorption and findings
    /// written the way recompute_capaian writes them (unrounded, NULL where not computable).
    ///
    /// 2025 (2024 in brackets), sasaran "Meningkatnya layanan publik":
    /// - Jumlah pertemuan koordinasi: target 30, realisasi 4 (6) → 13,33% (20%); akhir periode 40 → 10%.
    /// - Indeks Toleransi (negatif, peringkat): target 10, realisasi missing (43 → floored 0%).
    /// - =HYPERLINK("http://x","y") (%): target 92%, realisasi 92 → 100%; no akhir periode, RPJMD 95%.
    /// Budget: Belanja Langsung 1.000.000.000 / 800.000.000 in program 8.01.01, Belanja Tidak Langsung
    /// 2.776.718.927,63 / 2.689.814.182 (96,87%) in no program.
    func insertDataSet() throws {
        try conn.transaction { tx in
            try tx.execute(
                """
                INSERT INTO kinerja.opd (pemda_id, kode, nama)
                VALUES (kinerja.pemda_for(NULL, NULL), \(kode), 'Dinas Uji Laporan')
                """)
            let kinerjaImport = try tx.query(
                """
                INSERT INTO kinerja.imports (kind, file_name, sha256, tahun, kode_opd, rows, imported_at)
                VALUES ('kinerja', 'kinerja-2025.csv', repeat('c', 64), 2025, \(kode), 6, '2026-01-10 01:00:00+00')
                RETURNING id
                """
            ).first!.decode(0, as: Int64.self)
            let rkaImport = try tx.query(
                """
                INSERT INTO kinerja.imports (kind, file_name, sha256, tahun, kode_opd, versi, rows, imported_at)
                VALUES ('rka', 'rka-2025.csv', repeat('d', 64), 2025, \(kode), 'murni', 2, '2026-01-11 02:30:00+00')
                RETURNING id
                """
            ).first!.decode(0, as: Int64.self)
            let sasaran = try tx.query(
                "INSERT INTO kinerja.sasaran (kode_opd, nama) VALUES (\(kode), 'Meningkatnya layanan publik') RETURNING id"
            ).first!.decode(0, as: Int64.self)
            func indikator(_ nama: String, _ satuan: String, _ polaritas: String) throws -> Int64 {
                try tx.query(
                    """
                    INSERT INTO kinerja.indikator (sasaran_id, nama, satuan, polaritas)
                    VALUES (\(sasaran), \(nama), \(satuan), \(polaritas)) RETURNING id
                    """
                ).first!.decode(0, as: Int64.self)
            }
            let pertemuan = try indikator("Jumlah pertemuan koordinasi", "kegiatan", "positif")
            let toleransi = try indikator("Indeks Toleransi", "peringkat", "negatif")
            let formula = try indikator("=HYPERLINK(\"http://x\",\"y\")", "%", "positif")
            func nilai(
                _ id: Int64, _ tahun: Int, target: String?, value: Decimal?, rpjmd: String?, akhir: String?,
                realisasi: Decimal?, row: Int
            ) throws {
                try tx.execute(
                    SQL(
                        unsafeSQL: """
                            INSERT INTO kinerja.indikator_nilai (indikator_id, tahun, target, target_min, target_max,
                                target_rpjmd, target_akhir_periode, realisasi, import_id, source_row)
                            VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8, $9)
                            """,
                        binds: [id, tahun, target, value, rpjmd, akhir, realisasi, kinerjaImport, row]))
            }
            try nilai(pertemuan, 2025, target: "30", value: 30, rpjmd: "30", akhir: "40", realisasi: 4, row: 2)
            try nilai(pertemuan, 2024, target: nil, value: nil, rpjmd: "30", akhir: "40", realisasi: 6, row: 5)
            try nilai(toleransi, 2025, target: "10", value: 10, rpjmd: "10", akhir: "5", realisasi: nil, row: 3)
            try nilai(toleransi, 2024, target: nil, value: nil, rpjmd: "10", akhir: "5", realisasi: 43, row: 6)
            try nilai(formula, 2025, target: "92%", value: 92, rpjmd: "95%", akhir: nil, realisasi: 92, row: 4)

            let pertemuanCapaian = Decimal(4) * 100 / 30
            func capaian(
                _ id: Int64, _ tahun: Int, _ value: Decimal?, _ kategori: String?, _ status: String,
                _ keterangan: String?
            ) throws {
                try tx.execute(
                    SQL(
                        unsafeSQL: """
                            INSERT INTO kinerja.capaian (indikator_id, tahun, capaian, kategori, status, keterangan)
                            VALUES ($1, $2, $3, $4, $5, $6)
                            """,
                        binds: [id, tahun, value, kategori, status, keterangan]))
            }
            try capaian(pertemuan, 2025, pertemuanCapaian, "Sangat Rendah", "dihitung", nil)
            try capaian(
                pertemuan, 2024, 20, "Sangat Rendah", "dihitung",
                "Tahun ini tanpa target Perjanjian Kinerja; diukur terhadap target RPJMD 30.")
            try capaian(
                toleransi, 2025, nil, nil, "realisasi_kosong",
                "Realisasi belum tersedia; capaian tidak dapat dihitung.")
            try capaian(
                toleransi, 2024, 0, "Sangat Rendah", "dihitung", "Hasil rumus negatif (-230,00%); capaian dibatasi 0%.")
            try capaian(formula, 2025, 100, "Sangat Tinggi", "dihitung", nil)
            let mean = (pertemuanCapaian + 100) / 2
            try tx.execute(
                """
                INSERT INTO kinerja.capaian_sasaran (sasaran_id, tahun, capaian, kategori, indikator_dihitung,
                                                     indikator_dikecualikan, dikecualikan)
                VALUES (\(sasaran), 2025, \(mean), 'Rendah', 2, 1, 'Indeks Toleransi')
                """)

            // Budget lines (only for the "no data" check and the import list) and their absorption.
            try tx.execute(
                """
                INSERT INTO kinerja.anggaran (tahun, kode_opd, tingkat, kode_program, nama_program, jenis_belanja,
                                              anggaran, realisasi, import_id, source_row)
                VALUES (2025, \(kode), 'program', '8.01.01', 'Program Pelayanan Umum', 'Belanja Langsung',
                        1000000000, 800000000, \(rkaImport), 2),
                       (2025, \(kode), 'lain', '', '', 'Belanja Tidak Langsung', 2776718927.63, 2689814182,
                        \(rkaImport), 3)
                """)
            let lines: [(String, String, String, String, Decimal, Decimal)] = [
                ("opd", "", "", "", Decimal(string: "3776718927.63")!, 3_489_814_182),
                ("jenis_belanja", "", "Belanja Langsung", "Belanja Langsung", 1_000_000_000, 800_000_000),
                (
                    "jenis_belanja", "", "Belanja Tidak Langsung", "Belanja Tidak Langsung",
                    Decimal(string: "2776718927.63")!, 2_689_814_182
                ),
                ("program", "8.01.01", "Program Pelayanan Umum", "Belanja Langsung", 1_000_000_000, 800_000_000),
            ]
            for (tingkat, kodeLine, nama, jenis, anggaran, realisasi) in lines {
                try tx.execute(
                    """
                    INSERT INTO kinerja.penyerapan (tahun, kode_opd, tingkat, kode, nama, jenis_belanja, anggaran,
                                                    realisasi, persen)
                    VALUES (2025, \(kode), \(tingkat), \(kodeLine), \(nama), \(jenis), \(anggaran), \(realisasi),
                            \(realisasi)::numeric * 100 / \(anggaran)::numeric)
                    """)
            }
            let findings: [(String, String, String, String?)] = [
                ("info", "CAPAIAN_DIBATASI_NOL", "Hasil rumus Indeks Toleransi negatif; capaian dibatasi 0%.", nil),
                (
                    "peringatan", "REALISASI_KOSONG",
                    "Realisasi Indeks Toleransi <script>alert(1)</script> tahun 2025 belum tersedia.",
                    "kinerja-2025.csv baris 3"
                ),
                ("galat", "ANGKA_TIDAK_VALID", "Anggaran \"2.67.338.000\" tidak sah.", "rka-2025.csv baris 3"),
            ]
            for (tingkat, kodeTemuan, pesan, sumber) in findings {
                try tx.execute(
                    SQL(
                        unsafeSQL: """
                            INSERT INTO kinerja.temuan (tahun, kode_opd, kode, tingkat, pesan, sumber, asal)
                            VALUES (2025, $1, $2, $3, $4, $5, 'recompute')
                            """,
                        binds: [kode, kodeTemuan, tingkat, pesan, sumber]))
            }
        }
    }
}

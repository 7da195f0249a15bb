/// The statements the report loader runs, parameterised by $1 tahun, $2 kode_opd and $3 pemda_id (`opd` by $1 kode
/// and $2 pemda_id). In the government-wide report $2 is NULL: the government's own indicators (kode_opd NULL),
/// and every OPD's budget and findings. Every one is ordered on a key that is unique in its result (or on every
/// output column), so the same data always gives the same rows in the same order: a report is byte-for-byte
/// reproducible except for its generated-at time.
///
/// Values come from the contract views (`v_capaian`, `v_capaian_sasaran`, `v_penyerapan`, `v_temuan`); the
/// sasaran and indikator tables are joined only for the document order (their ids, in import order), on the
/// unique keys (pemda_id, kode_opd, nama) and (sasaran_id, nama). Which imports a report rests on comes from
/// `kinerja.imports` and `v_imports_berlaku`, which answer without reading budget lines.
enum ReportQueries {
    static let opd = """
        SELECT o.kode, o.nama, p.nama FROM kinerja.opd o JOIN kinerja.pemda p ON p.id = o.pemda_id
        WHERE o.kode = $1 AND o.pemda_id = $2
        """

    static let pemda = "SELECT kode, nama FROM kinerja.pemda WHERE id = $1"

    static let indicators = """
        SELECT v.sasaran, v.indikator, v.satuan, v.polaritas, v.metode, v.target, v.target_rpjmd,
               v.target_akhir_periode, v.realisasi, v.capaian, v.kategori, v.status, v.keterangan,
               v.realisasi_tahun_lalu, v.capaian_tahun_lalu
        FROM kinerja.v_capaian v
        JOIN kinerja.sasaran s ON s.pemda_id = v.pemda_id AND s.kode_opd IS NOT DISTINCT FROM v.kode_opd
                              AND s.nama = v.sasaran
        JOIN kinerja.indikator i ON i.sasaran_id = s.id AND i.nama = v.indikator
        WHERE v.tahun = $1 AND v.kode_opd IS NOT DISTINCT FROM $2 AND v.pemda_id = $3
        ORDER BY s.id, i.id
        """

    static let sasaran = """
        SELECT v.sasaran, v.capaian, v.kategori, v.indikator_dihitung, v.indikator_dikecualikan, v.dikecualikan
        FROM kinerja.v_capaian_sasaran v
        JOIN kinerja.sasaran s ON s.pemda_id = v.pemda_id AND s.kode_opd IS NOT DISTINCT FROM v.kode_opd
                              AND s.nama = v.sasaran
        WHERE v.tahun = $1 AND v.kode_opd IS NOT DISTINCT FROM $2 AND v.pemda_id = $3
        ORDER BY s.id
        """

    /// Ordered by tingkat (`jenis_belanja`, `opd`, `program` in byte order), then code and name;
    /// (tingkat, kode, nama, jenis_belanja) is the primary key. The government-wide report sums every OPD's
    /// `opd` and `jenis_belanja` rows (a level with an OPD whose own percentage is missing, because some of its
    /// lines lack realisasi, gets neither a realisasi nor a percentage: a partial sum would pass for the whole) and
    /// lists each
    /// OPD's total as an `opd` row with the OPD's code and name; it has no program rows.
    static let absorption = """
        SELECT * FROM (
        SELECT tingkat, kode, nama, jenis_belanja, anggaran, realisasi, persen
        FROM kinerja.v_penyerapan
        WHERE tahun = $1 AND kode_opd = $2 AND pemda_id = $3 AND tingkat IN ('opd', 'jenis_belanja', 'program')
          AND $2 IS NOT NULL
        UNION ALL
        SELECT v.tingkat, '', v.nama, v.jenis_belanja, sum(v.anggaran),
               CASE WHEN bool_and(v.persen IS NOT NULL OR v.anggaran = 0) THEN sum(v.realisasi) END,
               CASE WHEN bool_and(v.persen IS NOT NULL OR v.anggaran = 0) AND sum(v.anggaran) <> 0
                    THEN sum(v.realisasi) * 100 / sum(v.anggaran) END
        FROM kinerja.v_penyerapan v
        WHERE v.tahun = $1 AND v.pemda_id = $3 AND v.tingkat IN ('opd', 'jenis_belanja') AND $2 IS NULL
        GROUP BY v.tingkat, v.nama, v.jenis_belanja
        ) u
        ORDER BY tingkat COLLATE "C", kode COLLATE "C", nama COLLATE "C", jenis_belanja COLLATE "C"
        """

    /// The government-wide report's table of OPDs: each OPD's total absorption (as an `AbsorptionRow` whose code
    /// and name are the OPD's), by code.
    static let opdBudgets = """
        SELECT v.tingkat, v.kode_opd, COALESCE(o.nama, v.kode_opd), v.jenis_belanja, v.anggaran, v.realisasi, v.persen
        FROM kinerja.v_penyerapan v
        LEFT JOIN kinerja.opd o ON o.pemda_id = v.pemda_id AND o.kode = v.kode_opd
        WHERE v.tahun = $1 AND v.pemda_id = $3 AND v.tingkat = 'opd' AND $2::text IS NULL
        ORDER BY v.kode_opd COLLATE "C"
        """

    /// Most serious first, then by code; the remaining columns make the order total. In the government-wide
    /// report the source names the OPD a finding belongs to.
    static let findings = """
        SELECT tingkat, kode, pesan,
               CASE WHEN $2::text IS NULL AND kode_opd IS NOT NULL THEN concat_ws(' · ', 'OPD ' || kode_opd, sumber)
                    ELSE sumber END AS sumber
        FROM kinerja.v_temuan
        WHERE tahun = $1 AND ($2::text IS NULL OR kode_opd = $2) AND pemda_id = $3
        ORDER BY CASE tingkat WHEN 'galat' THEN 0 WHEN 'peringatan' THEN 1 ELSE 2 END,
                 kode COLLATE "C", pesan COLLATE "C", sumber COLLATE "C" NULLS FIRST, kode_opd COLLATE "C" NULLS FIRST,
                 import_id NULLS FIRST
        """

    /// The imports the figures came from: the indicator values of this year and last year (the comparison
    /// column), and the budget lines of the version that counts this year (every OPD's, government-wide).
    static let imports = """
        SELECT id, kind, file_name, sha256, imported_at
        FROM kinerja.imports
        WHERE id IN (
            SELECT n.import_id
            FROM kinerja.indikator_nilai n
            JOIN kinerja.indikator i ON i.id = n.indikator_id
            JOIN kinerja.sasaran s ON s.id = i.sasaran_id
            WHERE s.kode_opd IS NOT DISTINCT FROM $2 AND s.pemda_id = $3 AND n.tahun IN ($1::int, $1::int - 1)
            UNION
            SELECT b.id FROM kinerja.v_imports_berlaku b
            WHERE b.tahun = $1 AND ($2::text IS NULL OR b.kode_opd = $2) AND b.pemda_id = $3
        )
        ORDER BY id
        """

    static let hasBudget = """
        SELECT EXISTS (SELECT 1 FROM kinerja.v_imports_berlaku
                       WHERE tahun = $1 AND ($2::text IS NULL OR kode_opd = $2) AND pemda_id = $3)
        """
}

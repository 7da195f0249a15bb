/// The statements the report loader runs, parameterised by $1 tahun and $2 kode_opd (`opd` by $1 kode only).
/// Every one is ordered on a key that is unique in its result (or on every output column), so the same data always
/// gives the same rows in the same order: a report is byte-for-byte reproducible except for its generated-at time.
///
/// Values come from the contract views (`v_capaian`, `v_capaian_sasaran`, `v_penyerapan`, `v_temuan`); the
/// sasaran and indikator tables are joined only for the document order (their ids, in import order), on the
/// unique keys (kode_opd, nama) and (sasaran_id, nama). Which imports a report rests on comes from
/// `kinerja.imports` and `v_imports_berlaku`, which answer without reading budget lines.
enum ReportQueries {
    static let opd = "SELECT kode, nama, pemerintah FROM kinerja.opd WHERE kode = $1"

    static let indicators = """
        SELECT v.sasaran, v.indikator, v.satuan, v.polaritas, v.metode, v.target, v.target_rpjmd,
               v.target_akhir_periode, v.realisasi, v.capaian, v.kategori, v.status, v.keterangan,
               v.realisasi_tahun_lalu, v.capaian_tahun_lalu
        FROM kinerja.v_capaian v
        JOIN kinerja.sasaran s ON s.kode_opd = v.kode_opd AND s.nama = v.sasaran
        JOIN kinerja.indikator i ON i.sasaran_id = s.id AND i.nama = v.indikator
        WHERE v.tahun = $1 AND v.kode_opd = $2
        ORDER BY s.id, i.id
        """

    static let sasaran = """
        SELECT v.sasaran, v.capaian, v.kategori, v.indikator_dihitung, v.indikator_dikecualikan, v.dikecualikan
        FROM kinerja.v_capaian_sasaran v
        JOIN kinerja.sasaran s ON s.kode_opd = v.kode_opd AND s.nama = v.sasaran
        WHERE v.tahun = $1 AND v.kode_opd = $2
        ORDER BY s.id
        """

    /// Ordered by tingkat (`jenis_belanja`, `opd`, `program` in byte order), then code and name;
    /// (tingkat, kode, nama, jenis_belanja) is the primary key.
    static let absorption = """
        SELECT tingkat, kode, nama, jenis_belanja, anggaran, realisasi, persen
        FROM kinerja.v_penyerapan
        WHERE tahun = $1 AND kode_opd = $2 AND tingkat IN ('opd', 'jenis_belanja', 'program')
        ORDER BY tingkat COLLATE "C", kode COLLATE "C", nama COLLATE "C", jenis_belanja COLLATE "C"
        """

    /// Most serious first, then by code; the remaining columns make the order total.
    static let findings = """
        SELECT tingkat, kode, pesan, sumber
        FROM kinerja.v_temuan
        WHERE tahun = $1 AND kode_opd = $2
        ORDER BY CASE tingkat WHEN 'galat' THEN 0 WHEN 'peringatan' THEN 1 ELSE 2 END,
                 kode COLLATE "C", pesan COLLATE "C", sumber COLLATE "C" NULLS FIRST, import_id NULLS FIRST
        """

    /// The imports the figures came from: the indicator values of this year and last year (the comparison
    /// column), and the budget lines of the version that counts this year.
    static let imports = """
        SELECT id, kind, file_name, sha256, imported_at
        FROM kinerja.imports
        WHERE id IN (
            SELECT n.import_id
            FROM kinerja.indikator_nilai n
            JOIN kinerja.indikator i ON i.id = n.indikator_id
            JOIN kinerja.sasaran s ON s.id = i.sasaran_id
            WHERE s.kode_opd = $2 AND n.tahun IN ($1::int, $1::int - 1)
            UNION
            SELECT b.id FROM kinerja.v_imports_berlaku b WHERE b.tahun = $1 AND b.kode_opd = $2
        )
        ORDER BY id
        """

    static let hasBudget = "SELECT EXISTS (SELECT 1 FROM kinerja.v_imports_berlaku WHERE tahun = $1 AND kode_opd = $2)"
}

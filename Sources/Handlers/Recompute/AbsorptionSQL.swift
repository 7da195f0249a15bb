/// Budget absorption (penyerapan) computed set-based in the database: Σ realisasi / Σ anggaran × 100 at every
/// level over the leaf lines of the budget version that counts, never a mean of row percentages. A level whose
/// lines lack some realisasi gets no percentage (persen NULL), never a partial one.
enum AbsorptionSQL {
    /// Computes the new figures into a temporary table. $1 tahun, $2 kode_opd or NULL, $3 pemda_id.
    static let compute = """
        CREATE TEMP TABLE new_penyerapan ON COMMIT DROP AS
        WITH leaves AS (
            SELECT * FROM kinerja.v_anggaran_berlaku
            WHERE tahun = $1 AND ($2::text IS NULL OR kode_opd = $2) AND pemda_id = $3 AND is_leaf
        ), levels AS (
            SELECT tahun, kode_opd, 'opd' AS tingkat, '' AS kode, '' AS nama, '' AS jb, anggaran, realisasi
            FROM leaves
            UNION ALL
            SELECT tahun, kode_opd, 'jenis_belanja', '', jenis_belanja, jenis_belanja, anggaran, realisasi
            FROM leaves WHERE jenis_belanja <> ''
            UNION ALL
            SELECT tahun, kode_opd, 'program', kode_program, nama_program, jenis_belanja, anggaran, realisasi
            FROM leaves WHERE kode_program <> '' OR nama_program <> ''
            UNION ALL
            SELECT tahun, kode_opd, 'kegiatan', kode_kegiatan, nama_kegiatan, jenis_belanja, anggaran, realisasi
            FROM leaves WHERE kode_kegiatan <> '' OR nama_kegiatan <> ''
            UNION ALL
            SELECT tahun, kode_opd, 'sub_kegiatan', kode_sub_kegiatan, nama_sub_kegiatan, jenis_belanja, anggaran,
                   realisasi
            FROM leaves WHERE kode_sub_kegiatan <> '' OR nama_sub_kegiatan <> ''
            UNION ALL
            SELECT tahun, kode_opd, 'akun', kode_akun, nama_akun, jenis_belanja, anggaran, realisasi
            FROM leaves WHERE kode_akun <> '' OR nama_akun <> ''
        )
        SELECT $3::int AS pemda_id, tahun, kode_opd, tingkat, kode, nama,
               -- A program spread over several kinds of spending names none.
               CASE WHEN count(DISTINCT jb) = 1 THEN min(jb) ELSE '' END AS jenis_belanja,
               sum(anggaran) AS anggaran, sum(realisasi) AS realisasi,
               CASE WHEN count(realisasi) = count(*) AND sum(anggaran) <> 0
                    THEN sum(realisasi) * 100 / sum(anggaran) END AS persen
        FROM levels
        GROUP BY tahun, kode_opd, tingkat, kode, nama
        """

    /// Merges them so unchanged rows are left alone; returns rows changed. $1 tahun, $2 kode_opd or NULL, $3 pemda_id.
    static let merge = """
        WITH del AS (
            DELETE FROM kinerja.penyerapan p
            WHERE p.tahun = $1 AND ($2::text IS NULL OR p.kode_opd = $2) AND p.pemda_id = $3
              AND NOT EXISTS (SELECT 1 FROM new_penyerapan n
                              WHERE (n.pemda_id, n.tahun, n.kode_opd, n.tingkat, n.kode, n.nama, n.jenis_belanja)
                                  = (p.pemda_id, p.tahun, p.kode_opd, p.tingkat, p.kode, p.nama, p.jenis_belanja))
            RETURNING 1
        ), up AS (
            INSERT INTO kinerja.penyerapan AS p (pemda_id, tahun, kode_opd, tingkat, kode, nama, jenis_belanja, anggaran,
                                                realisasi, persen)
            SELECT * FROM new_penyerapan
            ON CONFLICT (pemda_id, tahun, kode_opd, tingkat, kode, nama, jenis_belanja) DO UPDATE
                SET anggaran = excluded.anggaran, realisasi = excluded.realisasi, persen = excluded.persen
                WHERE (p.anggaran, p.realisasi, p.persen)
                    IS DISTINCT FROM (excluded.anggaran, excluded.realisasi, excluded.persen)
            RETURNING 1
        )
        SELECT (SELECT count(*) FROM del) + (SELECT count(*) FROM up)
        """
}

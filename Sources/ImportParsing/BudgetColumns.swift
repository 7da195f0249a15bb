import Spreadsheet

/// The header of a budget export (`import_rka`, a contract: docs/contracts/file-formats.md).
///
/// Columns: `kode_pemda, pemerintah, tahun, kode_opd, nama_opd, kode_program, nama_program, kode_kegiatan, nama_kegiatan,
/// kode_sub_kegiatan, nama_sub_kegiatan, kode_akun, nama_akun, jenis_belanja, anggaran, realisasi, persen`.
/// Required: `anggaran`, and `tahun` and `kode_opd` unless the job gives them. `kode_pemda` and `pemerintah` name the
/// government (optional: `--pemda`, or the database's only one).
///
/// Aliases (matched case-, space-, punctuation- and underscore-insensitively): `kode_skpd`/`nama_skpd`/`skpd`/
/// `opd` (OPD), `kode_rekening`/`uraian`/`nama_rekening` (account), `nilai_rincian`/`pagu`/`total_rak`/
/// `Anggaran (Rp)`/`jumlah anggaran` (anggaran), `Realisasi (Rp)`, `%`/`persentase`/`penyerapan` (persen);
/// `program`, `kegiatan`, `sub_kegiatan` name a level when a file has names but no codes (LKIP tables).
/// A column headed `No` and any unknown column are ignored.
package enum BudgetColumns {
    package static let aliases: [String: [String]] = [
        "kode_pemda": ["kode pemerintah", "kode daerah", "kode_pemerintah_daerah"],
        "pemerintah": ["pemda", "pemerintah daerah", "nama pemda", "nama pemerintah daerah"],
        "tahun": ["tahun anggaran", "ta", "thn"],
        "kode_opd": ["kode_skpd", "kode unit", "kode unit skpd", "kode perangkat daerah", "kode_organisasi"],
        "nama_opd": ["nama_skpd", "skpd", "opd", "nama unit", "nama unit skpd", "perangkat daerah", "nama_organisasi"],
        "kode_program": ["kode prog"],
        "nama_program": ["program", "uraian program"],
        "kode_kegiatan": ["kode keg"],
        "nama_kegiatan": ["kegiatan", "uraian kegiatan"],
        "kode_sub_kegiatan": ["kode subkegiatan", "kode sub keg"],
        "nama_sub_kegiatan": ["sub_kegiatan", "subkegiatan", "uraian sub kegiatan"],
        "kode_akun": ["kode_rekening", "kode rek", "rekening", "kode akun belanja", "kode_rekening_belanja"],
        "nama_akun": ["uraian", "nama_rekening", "uraian rekening", "uraian akun", "akun"],
        "jenis_belanja": ["jenis"],
        "anggaran": [
            "nilai_rincian", "pagu", "total_rak", "anggaran rp", "pagu anggaran", "jumlah anggaran", "nilai anggaran",
            "anggaran (rp.)", "jumlah (rp)", "nilai",
        ],
        "realisasi": ["realisasi rp", "realisasi anggaran", "jumlah realisasi", "realisasi (rp.)"],
        "persen": ["persentase", "penyerapan", "persen penyerapan", "capaian"],
    ]

    /// The matcher for a job that does (or does not) give the year and the OPD itself.
    package static func matcher(tahunGiven: Bool, opdGiven: Bool) -> HeaderMatcher {
        var required: Set<String> = ["anggaran"]
        if !tahunGiven { required.insert("tahun") }
        if !opdGiven { required.insert("kode_opd") }
        return HeaderMatcher(columns: aliases, required: required)
    }

    /// Columns that hold a code or a name of a level; a total row has none of the codes.
    package static let codeColumns = ["kode_program", "kode_kegiatan", "kode_sub_kegiatan", "kode_akun"]
    package static let nameColumns = ["nama_program", "nama_kegiatan", "nama_sub_kegiatan", "nama_akun"]
}

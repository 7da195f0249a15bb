import Spreadsheet

/// The header of a performance file (`import_kinerja`, a contract: docs/contracts/file-formats.md).
///
/// Columns: `tahun, kode_opd, nama_opd, sasaran, indikator, satuan, polaritas, metode, target, target_rpjmd,
/// target_akhir_periode, realisasi`. Required: `indikator`, and `tahun` and `kode_opd` unless the job gives them. An
/// empty `sasaran` cell repeats the one above (a merged cell in the source table); indicators with no sasaran at all
/// (a government-wide IKU table often has no such column) are grouped under `PerformanceRecord.withoutSasaran`,
/// with one `SASARAN_KOSONG` warning per year and OPD.
///
/// Extensions (Kinerja's own, optional):
/// - `kode_pemda`, `pemerintah`: the government (`62.71`, `Kota Palangka Raya`); one per file. Absent: `--pemda`, or
///   the database's only government.
/// - With `--iku` the file is the government's own key indicators (IKU): no `kode_opd` column, rows without an OPD.
/// - `dokumen`: which document the row comes from. Empty or `PK` is the Perjanjian Kinerja (performance
///   agreement) row, the one imported. Any other value (`Tabel 3.2`, `Renja`) marks a comparison row: it is not
///   imported; its target is compared with the PK target for the same indicator and year (`TARGET_BEDA`), and its
///   printed `capaian`, if any, with the capaian its own figures give (`PERSEN_BEDA`).
/// - `capaian`: a printed capaian in percent, checked on every row against the capaian of the row's own figures
///   (`PrintedCapaian`: a difference names the formula that gives the printed value).
/// Rows are not total rows: an indicator may well be called `Jumlah pertemuan ...`. A printed mean capaian is a row
/// whose `indikator` reads `Rata-rata` (the mean of its sasaran's indicators) or `Rata-rata seluruh indikator` (of
/// every indicator of the year and OPD), with the mean in `capaian`: checked, never imported as an indicator.
package enum PerformanceColumns {
    package static let aliases: [String: [String]] = [
        "tahun": ["tahun anggaran", "ta", "thn"],
        "kode_opd": ["kode_skpd", "kode unit", "kode perangkat daerah"],
        "nama_opd": ["nama_skpd", "skpd", "opd", "perangkat daerah"],
        "pemerintah": ["pemda", "pemerintah daerah", "nama pemda"],
        "kode_pemda": ["kode pemerintah", "kode daerah"],
        "sasaran": ["sasaran strategis", "sasaran_strategis", "sasaran program"],
        "indikator": ["indikator kinerja", "indikator sasaran", "indikator kinerja utama", "iku", "indikator program"],
        "satuan": ["unit"],
        "polaritas": ["arah", "polaritas indikator"],
        "metode": ["metode capaian", "rumus"],
        "target": ["target pk", "target tahunan"],
        "target_rpjmd": ["target renstra"],
        "target_akhir_periode": ["target akhir", "target akhir periode rpjmd", "target akhir renstra"],
        "realisasi": ["realisasi kinerja"],
        "dokumen": ["sumber", "sumber dokumen"],
        "capaian": ["capaian (%)", "capaian kinerja", "persentase capaian"],
    ]

    package static func matcher(tahunGiven: Bool, opdGiven: Bool) -> HeaderMatcher {
        var required: Set<String> = ["indikator"]
        if !tahunGiven { required.insert("tahun") }
        if !opdGiven { required.insert("kode_opd") }
        return HeaderMatcher(columns: aliases, required: required)
    }
}

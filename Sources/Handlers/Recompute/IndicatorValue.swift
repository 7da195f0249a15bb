import Foundation
import Kinerja
import Postgres

/// One indikator's values for one year, as recompute reads them.
struct IndicatorValue {
    let indikatorID: Int64
    let indikator: String
    let satuan: String
    let polaritas: Polaritas
    let metode: CapaianMethod
    let sasaranID: Int64
    let sasaran: String
    /// nil: the government's own indicator (IKU).
    let kodeOPD: String?
    let tahun: Int
    let targetText: String?
    let targetMin: Decimal?
    let targetMax: Decimal?
    let targetRPJMD: String?
    let realisasi: Decimal?
    /// "file.csv baris 7", for findings.
    let source: String?

    /// Indicator values of `tahun` of a government ($3) in scope (one OPD or all), in a fixed order.
    static let load = """
        SELECT i.id, i.nama, i.satuan, i.polaritas, i.metode, s.id AS sasaran_id, s.nama AS sasaran, s.kode_opd,
               n.tahun, n.target, n.target_min, n.target_max, n.target_rpjmd, n.realisasi,
               CASE WHEN imp.file_name IS NULL THEN NULL
                    ELSE imp.file_name || COALESCE(' baris ' || n.source_row, '') END AS source
        FROM kinerja.indikator_nilai n
        JOIN kinerja.indikator i ON i.id = n.indikator_id
        JOIN kinerja.sasaran s ON s.id = i.sasaran_id
        LEFT JOIN kinerja.imports imp ON imp.id = n.import_id
        WHERE n.tahun = $1 AND ($2::text IS NULL OR s.kode_opd = $2) AND s.pemda_id = $3
        ORDER BY s.kode_opd NULLS FIRST, s.id, i.id
        """

    init(row: Row) throws {
        indikatorID = try row.decode(0)
        indikator = try row.decode(1)
        satuan = try row.decode(2)
        polaritas = Polaritas(rawValue: try row.decode(3)) ?? .positif
        metode = CapaianMethod(rawValue: try row.decode(4)) ?? .standard
        sasaranID = try row.decode(5)
        sasaran = try row.decode(6)
        kodeOPD = try row.decode(7)
        tahun = try row.decode(8)
        targetText = try row.decode(9, as: String?.self)
        targetMin = try row.decode(10, as: Decimal?.self)
        targetMax = try row.decode(11, as: Decimal?.self)
        targetRPJMD = try row.decode(12, as: String?.self)
        realisasi = try row.decode(13, as: Decimal?.self)
        source = try row.decode(14, as: String?.self)
    }

    /// The year's own target; when the year carries none (a past year given with its realisasi only), the
    /// medium-term RPJMD target, so the year is still measured, and `usesRPJMD` says so.
    var target: (target: Target?, usesRPJMD: Bool) {
        if let low = targetMin, let high = targetMax {
            return (low == high ? .value(low) : .range(low, high), false)
        }
        if let text = targetRPJMD, let parsed = try? Target.parse(text) { return (parsed, true) }
        return (nil, false)
    }
}

import Foundation
import Kinerja

/// One row of a performance file: an indicator's values for one year, from the Perjanjian Kinerja (`isPK`) or
/// from another document it is compared with.
package struct PerformanceRecord {
    package let row: Int
    package let tahun: Int
    /// Empty for the government's own indicators (IKU).
    package let kodeOPD: String
    package let namaOPD: String
    /// The government the row names (`kode_pemda`, `pemerintah`), if any.
    package let pemda: PemdaName
    package let sasaran: String
    package let indikator: String
    package let satuan: String
    package let polaritas: Polaritas?
    package let metode: CapaianMethod
    /// As written (`92%`, `80-90`), and parsed.
    package let targetText: String
    package let target: Target?
    package let targetRPJMD: String
    package let targetAkhirPeriode: String
    package let realisasi: Decimal?
    package let isPK: Bool
    package let dokumen: String
    /// A printed capaian, as written; checked on every row.
    package let capaian: String
    /// A printed mean, not an indicator: `Rata-rata` (the sasaran's mean) or `Rata-rata seluruh indikator` (the
    /// mean of every indicator of the year and OPD) in the `indikator` column, with the printed mean in `capaian`.
    package enum Mean: Sendable { case sasaran, all }
    package var mean: Mean? = nil

    /// What reading the row noticed without refusing it (a number with the other decimal mark).
    package var notes: [Temuan] = []

    /// The group of indicators that no sasaran names.
    package static let withoutSasaran = "tanpa sasaran"

    /// True when the row named no sasaran (and none was above it).
    package var hasNoSasaran: Bool { sasaran == Self.withoutSasaran }

    /// Indicator names compare case- and space-insensitively across documents (`Indeks toleransi` is
    /// `Indeks Toleransi`).
    package static func matchKey(_ name: String) -> String {
        name.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    package var target_min: Decimal? {
        switch target {
        case .value(let v): return v
        case .range(let low, _): return low
        case nil: return nil
        }
    }

    package var target_max: Decimal? {
        switch target {
        case .value(let v): return v
        case .range(_, let high): return high
        case nil: return nil
        }
    }
}

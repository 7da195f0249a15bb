import Foundation
import Kinerja

/// One row of a performance file: an indicator's values for one year, from the Perjanjian Kinerja (`isPK`) or
/// from another document it is compared with.
struct PerformanceRecord {
    let row: Int
    let tahun: Int
    let kodeOPD: String
    let namaOPD: String
    let pemerintah: String
    let sasaran: String
    let indikator: String
    let satuan: String
    let polaritas: Polaritas?
    let metode: CapaianMethod
    /// As written (`92%`, `80-90`), and parsed.
    let targetText: String
    let target: Target?
    let targetRPJMD: String
    let targetAkhirPeriode: String
    let realisasi: Decimal?
    let isPK: Bool
    let dokumen: String
    /// A printed capaian (comparison rows), as written.
    let capaian: String

    /// Indicator names compare case- and space-insensitively across documents (`Indeks toleransi` is
    /// `Indeks Toleransi`).
    static func matchKey(_ name: String) -> String {
        name.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    var target_min: Decimal? {
        switch target {
        case .value(let v): return v
        case .range(let low, _): return low
        case nil: return nil
        }
    }

    var target_max: Decimal? {
        switch target {
        case .value(let v): return v
        case .range(_, let high): return high
        case nil: return nil
        }
    }
}

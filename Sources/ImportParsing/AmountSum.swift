import Foundation
import Kinerja

/// Running sums of anggaran and realisasi over some lines, in sen; realisasi counts only when every line had one.
package struct AmountSum {
    package var anggaran: Int128 = 0
    package var realisasi: Int128 = 0
    package var realisasiMissing = false
    package var count = 0

    package init() {}

    package mutating func add(anggaran a: Int128, realisasi r: Int128?) {
        anggaran += a
        if let r { realisasi += r } else { realisasiMissing = true }
        count += 1
    }

    package mutating func add(_ other: AmountSum) {
        anggaran += other.anggaran
        realisasi += other.realisasi
        realisasiMissing = realisasiMissing || other.realisasiMissing
        count += other.count
    }

    /// The realisasi sum, or nil when some line had none.
    package var realisasiTotal: Int128? { realisasiMissing ? nil : realisasi }
}

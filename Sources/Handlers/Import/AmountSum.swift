import Foundation

/// Running sums of anggaran and realisasi over some lines; realisasi counts only when every line had one.
struct AmountSum {
    var anggaran = Decimal(0)
    var realisasi = Decimal(0)
    var realisasiMissing = false
    var count = 0

    mutating func add(anggaran a: Decimal, realisasi r: Decimal?) {
        anggaran += a
        if let r { realisasi += r } else { realisasiMissing = true }
        count += 1
    }

    mutating func add(_ other: AmountSum) {
        anggaran += other.anggaran
        realisasi += other.realisasi
        realisasiMissing = realisasiMissing || other.realisasiMissing
        count += other.count
    }

    /// The realisasi sum, or nil when some line had none.
    var realisasiTotal: Decimal? { realisasiMissing ? nil : realisasi }
}

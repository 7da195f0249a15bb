import Foundation

/// One budget line: anggaran (budget), realisasi (spent) and their ratio.
public struct BudgetLine: Codable, Sendable, Equatable {
    /// Program code or jenis belanja key; may be empty where the source had none.
    public var kode: String
    public var nama: String
    /// Anggaran in rupiah, exact to the sen.
    @ExactDecimal public var anggaran: Decimal
    /// Realisasi in rupiah; `nil` when not reported.
    @ExactOptionalDecimal public var realisasi: Decimal?
    /// realisasi / anggaran × 100, unrounded; `nil` when realisasi is missing or anggaran is 0.
    @ExactOptionalDecimal public var persen: Decimal?

    public init(kode: String, nama: String, anggaran: Decimal, realisasi: Decimal?, persen: Decimal?) {
        self.kode = kode
        self.nama = nama
        self.anggaran = anggaran
        self.realisasi = realisasi
        self.persen = persen
    }
}

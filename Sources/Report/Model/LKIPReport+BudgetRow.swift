import Foundation

extension LKIPReport {
    /// One row of a budget table: anggaran (budget), realisasi (spent) and their ratio. The report's form of a
    /// budget figure (the domain's `BudgetLine` has no ratio); its property names are the JSON keys.
    public struct BudgetRow: Codable, Sendable, Equatable {
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
}

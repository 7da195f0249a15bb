import Foundation

extension LKIPReport {
    /// A sasaran's capaian as the report shows it: the stored mean of its indicators' capaian (the domain's
    /// `SasaranSummary`), its kategori, and the indicators left out with the reason; the property names are the
    /// JSON keys.
    public struct SasaranRow: Codable, Sendable, Equatable {
        public var sasaran: String
        /// Mean capaian of the counted indicators, unrounded; `nil` when none could be counted.
        @ExactOptionalDecimal public var capaian: Decimal?
        public var kategori: String?
        /// How many indicators went into the mean.
        public var indikatorDihitung: Int
        /// How many indicators were left out because their capaian is missing.
        public var indikatorDikecualikan: Int
        /// The indicators left out, each with the reason.
        public var dikecualikan: [ExcludedIndicator]

        public init(
            sasaran: String, capaian: Decimal?, kategori: String?, indikatorDihitung: Int,
            indikatorDikecualikan: Int, dikecualikan: [ExcludedIndicator]
        ) {
            self.sasaran = sasaran
            self.capaian = capaian
            self.kategori = kategori
            self.indikatorDihitung = indikatorDihitung
            self.indikatorDikecualikan = indikatorDikecualikan
            self.dikecualikan = dikecualikan
        }
    }
}

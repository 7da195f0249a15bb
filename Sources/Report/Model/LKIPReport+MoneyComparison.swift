import Foundation
import Kinerja

extension LKIPReport {
    /// The domain's `PerformanceVsMoney` as the report shows it: the mean capaian of all indicators against the
    /// OPD's budget penyerapan, with how many indicators the mean counts; the property names are the JSON keys.
    public struct MoneyComparison: Codable, Sendable, Equatable {
        /// Mean capaian of the indicators that have one, in percent, unrounded (`meanCapaian`).
        @ExactOptionalDecimal public var capaianRataRata: Decimal?
        /// Penyerapan (budget absorption): Σ realisasi / Σ anggaran × 100 for the whole OPD, unrounded (`absorption`).
        @ExactOptionalDecimal public var penyerapan: Decimal?
        /// capaianRataRata − penyerapan in percentage points (`gapPoints`; negative: money spent faster than results
        /// came).
        @ExactOptionalDecimal public var selisihPoin: Decimal?
        public var indikatorDihitung: Int
        public var indikatorDikecualikan: Int

        public init(_ comparison: PerformanceVsMoney, indikatorDihitung: Int, indikatorDikecualikan: Int) {
            capaianRataRata = comparison.meanCapaian
            penyerapan = comparison.absorption
            selisihPoin = comparison.gapPoints
            self.indikatorDihitung = indikatorDihitung
            self.indikatorDikecualikan = indikatorDikecualikan
        }
    }
}

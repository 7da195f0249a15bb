import Foundation

/// Performance against money: the mean capaian of all indicators against the OPD's budget penyerapan.
public struct PerformanceVsMoney: Codable, Sendable, Equatable {
    /// Mean capaian of the indicators that have one, in percent, unrounded.
    @ExactOptionalDecimal public var capaianRataRata: Decimal?
    /// Penyerapan (budget absorption): Σ realisasi / Σ anggaran × 100 for the whole OPD, unrounded.
    @ExactOptionalDecimal public var penyerapan: Decimal?
    /// capaianRataRata − penyerapan in percentage points (negative: money spent faster than results came).
    @ExactOptionalDecimal public var selisihPoin: Decimal?
    public var indikatorDihitung: Int
    public var indikatorDikecualikan: Int

    public init(
        capaianRataRata: Decimal?, penyerapan: Decimal?, selisihPoin: Decimal?, indikatorDihitung: Int,
        indikatorDikecualikan: Int
    ) {
        self.capaianRataRata = capaianRataRata
        self.penyerapan = penyerapan
        self.selisihPoin = selisihPoin
        self.indikatorDihitung = indikatorDihitung
        self.indikatorDikecualikan = indikatorDikecualikan
    }
}

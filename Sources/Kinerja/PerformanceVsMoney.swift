import Foundation

/// Performance against money: mean capaian against budget penyerapan (absorption).
public struct PerformanceVsMoney: Sendable, Equatable {
    /// Mean capaian of the indicators (e.g. `SasaranSummary.mean`).
    public var meanCapaian: Decimal?
    /// Penyerapan in percent (e.g. `AbsorptionTotal.percent`).
    public var absorption: Decimal?

    public init(meanCapaian: Decimal?, absorption: Decimal?) {
        self.meanCapaian = meanCapaian
        self.absorption = absorption
    }

    /// meanCapaian − absorption in percentage points. Negative: money was spent faster than
    /// results came. Nil when either side is missing.
    public var gapPoints: Decimal? {
        guard let meanCapaian, let absorption else { return nil }
        return meanCapaian - absorption
    }
}

import Foundation

/// This year against last year for one indicator: realisasi change and capaian change in points.
public struct YearComparison: Sendable, Equatable {
    public var realisasi: Decimal?
    public var realisasiLastYear: Decimal?
    public var capaian: Decimal?
    public var capaianLastYear: Decimal?

    public init(realisasi: Decimal?, realisasiLastYear: Decimal?, capaian: Decimal?, capaianLastYear: Decimal?) {
        self.realisasi = realisasi
        self.realisasiLastYear = realisasiLastYear
        self.capaian = capaian
        self.capaianLastYear = capaianLastYear
    }

    /// realisasi − last year's, in the indicator's satuan (unit); nil when either is missing.
    public var realisasiChange: Decimal? {
        guard let realisasi, let realisasiLastYear else { return nil }
        return realisasi - realisasiLastYear
    }

    /// The change as percent of last year's realisasi; nil when missing or last year was 0.
    public var realisasiChangePercent: Decimal? {
        guard let change = realisasiChange, let base = realisasiLastYear, base != 0 else { return nil }
        return change * 100 / base.magnitude
    }

    /// capaian − last year's capaian, in percentage points; nil when either is missing.
    public var capaianChangePoints: Decimal? {
        guard let capaian, let capaianLastYear else { return nil }
        return capaian - capaianLastYear
    }
}

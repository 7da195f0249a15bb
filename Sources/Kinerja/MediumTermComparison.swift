import Foundation

/// This year's realisasi against the medium-term target (`target_akhir_periode`, the target for the
/// last year of the RPJMD/Renstra period), computed with the same rule as capaian.
public struct MediumTermComparison: Sendable, Equatable {
    public var targetAkhirPeriode: Target?
    public var realisasi: Decimal?
    /// Realisasi as percent of the medium-term target (nil with a reason when not computable).
    public var result: CapaianResult

    public init(
        targetAkhirPeriode: Target?, realisasi: Decimal?, polaritas: Polaritas, method: CapaianMethod = .standard
    ) {
        self.targetAkhirPeriode = targetAkhirPeriode
        self.realisasi = realisasi
        result = CapaianRule.compute(
            target: targetAkhirPeriode, realisasi: realisasi, polaritas: polaritas, method: method)
    }
}

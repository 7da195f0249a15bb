import Foundation

/// Computes capaian from target and realisasi (the actual value achieved).
///
/// - `positif`: realisasi / target × 100.
/// - `negatif`, `standard`: (2 × target − realisasi) / target × 100 (PermenPAN-RB 8/2021);
///   `rasio`: target / realisasi × 100.
/// - A negative result is floored at 0 and flagged `.flooredAtZero`.
/// - Range target: inside → 100; above → the upper bound is the target; below → the lower bound.
/// - Missing realisasi or target, or a zero divisor: no value, a status and a reason.
public enum CapaianRule {
    public static func compute(
        target: Target?, realisasi: Decimal?, polaritas: Polaritas, method: CapaianMethod
    ) -> CapaianResult {
        guard let target else {
            return .notComputed(.targetKosong, "Target tidak tersedia; capaian tidak dapat dihitung.")
        }
        guard let realisasi else {
            return .notComputed(.realisasiKosong, "Realisasi belum tersedia; capaian tidak dapat dihitung.")
        }
        var flags: [CapaianFlag] = []
        let effective: Decimal
        switch target {
        case .value(let v):
            effective = v
        case .range(let low, let high):
            if realisasi >= low && realisasi <= high {
                return CapaianResult(
                    value: 100, status: .dihitung,
                    keterangan: "Realisasi berada dalam rentang target; capaian 100%.", flags: [.withinRange])
            }
            effective = realisasi > high ? high : low
            flags.append(realisasi > high ? .usedUpperBound : .usedLowerBound)
        }
        guard effective != 0 else {
            return .notComputed(.targetNol, "Target bernilai nol; persentase terhadap nol tidak dapat dihitung.")
        }
        var value: Decimal
        switch (polaritas, method) {
        case (.positif, _):
            // Multiply first so the only rounding is Decimal's 38-digit division.
            value = realisasi * 100 / effective
        case (.negatif, .standard):
            value = (2 * effective - realisasi) * 100 / effective
        case (.negatif, .rasio):
            guard realisasi != 0 else {
                return .notComputed(
                    .realisasiNol, "Realisasi nol; rumus rasio (target / realisasi) tidak dapat dihitung.")
            }
            value = effective * 100 / realisasi
        }
        var keterangan: String?
        if value < 0 {
            keterangan = "Hasil rumus negatif (\(IndonesianFormat.percent(value))); capaian dibatasi 0%."
            value = 0
            flags.append(.flooredAtZero)
        }
        return CapaianResult(value: value, status: .dihitung, keterangan: keterangan, flags: flags)
    }
}

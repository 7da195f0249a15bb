import Foundation
import Kinerja

/// Fixed wording and number formatting shared by all outputs.
enum ReportText {
    /// Shown instead of a missing value; never 0.
    static let notAvailable = "belum tersedia"

    /// "belum tersedia" with its reason, said once: a reason that already says it stands alone.
    static func missing(_ reason: String?) -> String {
        guard let reason, !reason.isEmpty else { return notAvailable }
        return saysMissing(reason) ? reason : "\(notAvailable) — \(reason)"
    }

    /// The reason already says "belum tersedia".
    static func saysMissing(_ reason: String) -> Bool { reason.lowercased().contains(notAvailable) }

    static func money(_ value: Decimal) -> String { IndonesianFormat.money(value) }

    static func percent(_ value: Decimal) -> String { IndonesianFormat.percent(value) }

    static func number(_ value: Decimal) -> String { IndonesianFormat.number(value) }

    /// A change in percentage points with an explicit sign, e.g. "+1,25" or "-34,18".
    static func points(_ value: Decimal) -> String {
        let text = IndonesianFormat.decimal(value, fractionDigits: 2)
        return value > 0 && text != "0,00" ? "+" + text : text
    }

    /// A realisasi in its indicator's unit: percent-unit values get a "%" so "62,83" reads as "62,83%".
    static func quantity(_ value: Decimal, satuan: String) -> String {
        satuan.trimmingCharacters(in: .whitespaces) == "%" ? number(value) + "%" : number(value)
    }

    /// Why a budget ratio is missing.
    static func missingRatioReason(anggaran: Decimal, realisasi: Decimal?) -> String {
        if realisasi == nil { return "realisasi belum tersedia" }
        if anggaran == 0 { return "anggaran nol" }
        return "tidak dapat dihitung"
    }
}

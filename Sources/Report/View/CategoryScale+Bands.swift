import Foundation
import Kinerja

extension CategoryScale {
    /// The bands in words, highest first, the `lowest` kategori last.
    func bands() -> [CategoryBand] {
        var upper: Decimal?
        let stepped = thresholds.map { threshold in
            let minimum = ReportText.number(threshold.minimum)
            let range = upper.map { "≥ \(minimum) dan < \(ReportText.number($0))" } ?? "≥ \(minimum)"
            upper = threshold.minimum
            return CategoryBand(kategori: threshold.label, range: range)
        }
        let below = upper.map { "< \(ReportText.number($0))" } ?? "semua nilai"
        return stepped + [CategoryBand(kategori: lowest, range: below)]
    }
}

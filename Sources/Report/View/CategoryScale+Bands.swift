import Foundation

extension CategoryScale {
    /// The kategori for an unrounded capaian (used for the key figures only; rows carry their own kategori).
    func kategori(for capaian: Decimal) -> String? {
        thresholds.first { threshold in threshold.minimum.map { capaian >= $0 } ?? true }?.kategori
    }

    /// The bands in words, highest first.
    func bands() -> [CategoryBand] {
        var upper: Decimal?
        return thresholds.map { threshold in
            let range: String
            switch (threshold.minimum, upper) {
            case (let minimum?, let upper?): range = "≥ \(ReportText.number(minimum)) dan < \(ReportText.number(upper))"
            case (let minimum?, nil): range = "≥ \(ReportText.number(minimum))"
            case (nil, let upper?): range = "< \(ReportText.number(upper))"
            case (nil, nil): range = "semua nilai"
            }
            upper = threshold.minimum ?? upper
            return CategoryBand(kategori: threshold.kategori, range: range)
        }
    }
}

import Foundation

/// A named scale turning a capaian into a category, compared on the unrounded value.
///
/// The default is Permendagri 86/2017: ≥ 91 Sangat Tinggi, ≥ 76 Tinggi, ≥ 66 Sedang, ≥ 51 Rendah,
/// else Sangat Rendah. Unrounded matters: 90,996 is Tinggi even though it prints as 91,00%.
public struct CategoryScale: Sendable, Codable, Equatable {
    /// One step: a capaian at or above `minimum` gets `label` (unless a higher step applies).
    public struct Threshold: Sendable, Codable, Equatable {
        public var minimum: Decimal
        public var label: String

        public init(minimum: Decimal, label: String) {
            self.minimum = minimum
            self.label = label
        }
    }

    /// Named in report footnotes.
    public var name: String
    /// Highest minimum first (sorted on creation).
    public private(set) var thresholds: [Threshold]
    /// Label below every threshold.
    public var lowest: String

    public init(name: String, thresholds: [Threshold], lowest: String) {
        self.name = name
        self.thresholds = thresholds.sorted { $0.minimum > $1.minimum }
        self.lowest = lowest
    }

    public static let permendagri86 = CategoryScale(
        name: "Permendagri 86/2017",
        thresholds: [
            Threshold(minimum: 91, label: "Sangat Tinggi"),
            Threshold(minimum: 76, label: "Tinggi"),
            Threshold(minimum: 66, label: "Sedang"),
            Threshold(minimum: 51, label: "Rendah"),
        ],
        lowest: "Sangat Rendah")

    public func category(for capaian: Decimal) -> String {
        thresholds.first { capaian >= $0.minimum }?.label ?? lowest
    }

    /// No category for a capaian that could not be computed.
    public func category(for capaian: Decimal?) -> String? {
        capaian.map { category(for: $0) }
    }
}

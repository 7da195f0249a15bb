import Foundation

/// The capaian of one sasaran (strategic objective): the mean of its indikator (performance
/// indicator) capaian, leaving out those that could not be computed and saying how many and which.
public struct SasaranSummary: Sendable, Equatable {
    public var sasaran: String
    /// Unrounded mean; nil when no indicator could be computed.
    public var mean: Decimal?
    /// Indicators in the mean.
    public var counted: Int
    /// Indicators left out because their capaian is nil.
    public var leftOut: Int
    public var leftOutNames: [String]

    public init(sasaran: String, indicators: [(name: String, capaian: Decimal?)]) {
        self.sasaran = sasaran
        let values = indicators.compactMap(\.capaian)
        counted = values.count
        leftOutNames = indicators.filter { $0.capaian == nil }.map(\.name)
        leftOut = leftOutNames.count
        mean = values.isEmpty ? nil : values.reduce(Decimal(0), +) / Decimal(values.count)
    }

    /// Same, from computed results.
    public init(sasaran: String, results: [(name: String, result: CapaianResult)]) {
        self.init(sasaran: sasaran, indicators: results.map { ($0.name, $0.result.value) })
    }

    /// The mean's category on `scale`, nil when there is no mean.
    public func category(scale: CategoryScale = .permendagri86) -> String? {
        scale.category(for: mean)
    }
}

/// A named scale that turns a capaian into a kategori, e.g. the Permendagri 86/2017 scale.
public struct CategoryScale: Codable, Sendable, Equatable {
    /// The scale's name as printed in the report, e.g. "Permendagri 86/2017".
    public var name: String
    /// Bands from the highest minimum down; the last band usually has no minimum ("else").
    public var thresholds: [CategoryThreshold]

    public init(name: String, thresholds: [CategoryThreshold]) {
        self.name = name
        self.thresholds = thresholds
    }
}

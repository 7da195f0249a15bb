/// A named formula as printed in the footnotes, e.g. "Capaian (positif)" = "realisasi / target × 100".
public struct Formula: Codable, Sendable, Equatable {
    public var name: String
    public var expression: String

    public init(name: String, expression: String) {
        self.name = name
        self.expression = expression
    }
}

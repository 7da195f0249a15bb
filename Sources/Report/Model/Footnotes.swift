/// What a reader needs to check the figures: the formulas used and the imports the data came from.
/// (The category scale is printed with them from `LKIPReport.categoryScale`.)
public struct Footnotes: Codable, Sendable, Equatable {
    public var formulas: [Formula]
    public var imports: [ImportRecord]

    public init(formulas: [Formula], imports: [ImportRecord]) {
        self.formulas = formulas
        self.imports = imports
    }
}

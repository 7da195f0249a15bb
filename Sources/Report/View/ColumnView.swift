/// A table column header.
struct ColumnView: Sendable {
    var title: String
    /// Right-aligned numbers.
    var numeric: Bool
    /// A CSS width hint such as "28%"; `nil` lets the browser decide.
    var width: String?

    init(_ title: String, numeric: Bool = false, width: String? = nil) {
        self.title = title
        self.numeric = numeric
        self.width = width
    }
}

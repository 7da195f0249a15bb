/// How a column writes its numbers.
public enum NumberStyle: String, Sendable, Codable, CaseIterable {
    /// `6.406.712.635,13`: `.` groups thousands, `,` is the decimal mark.
    case indonesian
    /// `2,278,222,167.00`: `,` groups thousands, `.` is the decimal mark.
    case us

    var groupingSeparator: Character { self == .indonesian ? "." : "," }
    var decimalSeparator: Character { self == .indonesian ? "," : "." }
}

/// A text field (polaritas, metode, kode) whose value is not one we know.
public struct ValueError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Which field, e.g. `polaritas`.
    public let field: String
    /// The text exactly as it came from the file.
    public let text: String
    /// Why it was rejected, in plain Indonesian.
    public let reason: String

    public init(field: String, text: String, reason: String) {
        self.field = field
        self.text = text
        self.reason = reason
    }

    public var description: String { "\(field) tidak valid \"\(text)\": \(reason)" }
}

extension String {
    /// Lowercased, trimmed, inner runs of spaces, `_` and `-` between words collapsed to one space.
    var normalizedWords: String {
        IndonesianNumber.trimmed(self).lowercased()
            .split(whereSeparator: { $0 == " " || $0 == "_" || $0 == "\u{00A0}" })
            .joined(separator: " ")
    }
}

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

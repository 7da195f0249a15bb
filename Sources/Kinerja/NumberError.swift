/// A number that could not be read. Keeps the original text so the finding can quote it to the official.
public struct NumberError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text exactly as it came from the file.
    public let text: String
    /// Why it was rejected, in plain Indonesian.
    public let reason: String

    public init(text: String, reason: String) {
        self.text = text
        self.reason = reason
    }

    public var description: String { "angka tidak valid \"\(text)\": \(reason)" }
}

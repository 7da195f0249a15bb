/// A temuan (finding): something in the data an official should look at before signing.
public struct Temuan: Sendable, Equatable, Codable {
    /// Stable code, one of `TemuanCode`'s raw values.
    public var code: String
    public var severity: Severity
    /// Indonesian, written for an official.
    public var message: String
    /// Where it came from: file and row, when known.
    public var source: String?

    public init(code: String, severity: Severity, message: String, source: String? = nil) {
        self.code = code
        self.severity = severity
        self.message = message
        self.source = source
    }

    public init(_ code: TemuanCode, severity: Severity? = nil, message: String, source: String? = nil) {
        self.init(code: code.rawValue, severity: severity ?? code.defaultSeverity, message: message, source: source)
    }

    /// A number that could not be read, quoting the original text.
    public init(numberError: NumberError, column: String? = nil, source: String? = nil) {
        let place = column.map { " pada kolom \($0)" } ?? ""
        self.init(
            .angkaTidakValid,
            message: "Angka \"\(numberError.text)\"\(place) tidak dapat dibaca: \(numberError.reason).",
            source: source)
    }
}

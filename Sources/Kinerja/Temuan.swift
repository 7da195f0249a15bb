/// A temuan (finding): something in the data an official should look at before signing.
///
/// JSON: `code` is the code's raw value (e.g. `"PERSEN_BEDA"`), `severity` its raw value, `source` left out when nil.
public struct Temuan: Sendable, Equatable, Codable {
    /// What was found; its raw value is the stable code.
    public var code: TemuanCode
    public var severity: Severity
    /// Indonesian, written for an official.
    public var message: String
    /// Where it came from: file and row, when known.
    public var source: String?

    /// A finding of `code`, with the code's default severity unless `severity` says otherwise.
    public init(_ code: TemuanCode, severity: Severity? = nil, message: String, source: String? = nil) {
        self.code = code
        self.severity = severity ?? code.defaultSeverity
        self.message = message
        self.source = source
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

/// A temuan (finding) from the consistency checks, e.g. a printed percentage that differs from the computed one.
public struct Finding: Codable, Sendable, Equatable {
    /// Stable code, e.g. "PERSEN_TERCETAK_BEDA".
    public var code: String
    public var severity: FindingSeverity
    public var message: String
    /// Where it was found: file and row.
    public var source: String

    public init(code: String, severity: FindingSeverity, message: String, source: String) {
        self.code = code
        self.severity = severity
        self.message = message
        self.source = source
    }
}

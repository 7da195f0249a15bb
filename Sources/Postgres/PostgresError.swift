/// An error from PostgreSQL or libpq.
///
/// It carries the server's SQLSTATE, message, detail and hint. Its plain `description` is safe for logs: it never
/// holds a password, and for data and constraint errors (SQLSTATE classes 22 and 23, whose messages quote values)
/// it drops the quoted values. `debugDescription` (`String(reflecting:)`) gives everything, for debugging.
public struct PostgresError: Error, CustomStringConvertible, CustomDebugStringConvertible, Sendable {
    /// What went wrong, broadly.
    public enum Kind: String, Sendable {
        /// Could not connect, or the connection broke.
        case connection
        /// The connection settings are wrong (a string that does not parse, an unknown host, database or role, a
        /// refused login): trying again cannot help.
        case configuration
        /// The server rejected a statement (see `sqlState`).
        case server
        /// A value could not be decoded into the Swift type asked for.
        case decoding
        /// A COPY could not be sent.
        case copy
        /// A caller error: wrong use of the API.
        case usage
    }

    public let kind: Kind
    /// Five-character SQLSTATE, e.g. `57014` for a cancelled query; nil when the error did not come from the server.
    public let sqlState: String?
    /// The primary message.
    public let message: String
    public let detail: String?
    public let hint: String?
    /// What the layer was doing: "connect", "query", "copy", ...
    public let operation: String

    public init(
        kind: Kind, sqlState: String? = nil, message: String, detail: String? = nil, hint: String? = nil,
        operation: String
    ) {
        self.kind = kind
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.hint = hint
        self.operation = operation
    }

    /// True when the connection is gone and a new one may succeed (server restart, network).
    public var isConnectionLost: Bool {
        if kind == .connection { return true }
        guard let sqlState else { return false }
        // 08: connection exception; 57P01-57P03: admin shutdown, crash shutdown, cannot connect now.
        return sqlState.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(sqlState)
    }

    public var description: String {
        var text = "\(operation) failed"
        if let sqlState { text += " (SQLSTATE \(sqlState))" }
        let shown =
            sqlState.map { $0.hasPrefix("22") || $0.hasPrefix("23") } == true
            ? Self.withoutQuotedValues(message) : message
        return text + ": " + shown
    }

    public var debugDescription: String {
        var text = "PostgresError(\(kind.rawValue), \(operation)"
        if let sqlState { text += ", \(sqlState)" }
        text += "): \(message)"
        if let detail { text += "\nDETAIL: \(detail)" }
        if let hint { text += "\nHINT: \(hint)" }
        return text
    }

    /// `invalid input syntax for type numeric: "12,3"` becomes `invalid input syntax for type numeric: "…"`.
    static func withoutQuotedValues(_ message: String) -> String {
        var out = ""
        var inQuote = false
        for ch in message {
            if ch == "\"" {
                out.append(ch)
                if !inQuote { out.append("…") }
                inQuote.toggle()
            } else if !inQuote {
                out.append(ch)
            }
        }
        return out
    }
}

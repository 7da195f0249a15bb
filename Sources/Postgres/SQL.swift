/// A statement and its parameters. The easy way to write one is the safe way: every interpolated value becomes a
/// `$n` parameter, never text in the statement.
///
/// ```swift
/// let rows = try conn.query("SELECT id FROM jobs WHERE queue = \(queue) AND priority <= \(max)")
/// ```
/// Raw SQL text must be asked for by name: `\(unsafeRaw: fragment)` for fragments the program itself wrote (never
/// input), `\(identifier: name)` for a quoted identifier.
public struct SQL: Sendable, ExpressibleByStringInterpolation {
    public private(set) var text: String
    public private(set) var binds: [PostgresBind]
    /// Prepared once per connection and reused by name in `Connection.pipeline`: for hot statements, whose
    /// planning would otherwise cost more than running them.
    public private(set) var prepared = false

    public init(stringLiteral value: String) {
        text = value
        binds = []
    }

    public init(stringInterpolation: StringInterpolation) {
        text = stringInterpolation.text
        binds = stringInterpolation.binds
    }

    /// Statement text written by the program, with explicit parameters for `$1...`.
    public init(unsafeSQL text: String, binds: [any PostgresEncodable] = []) {
        self.text = text
        self.binds = binds.map(\.postgresBind)
    }

    /// A hot statement written by the program: `Connection.query` and `Connection.pipeline` prepare it on first use
    /// and then run it by name, so PostgreSQL may keep a generic plan instead of planning it each time.
    public init(preparedSQL text: String, binds: [any PostgresEncodable] = []) {
        self.init(unsafeSQL: text, binds: binds)
        prepared = true
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var text = ""
        var binds: [PostgresBind] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            text.reserveCapacity(literalCapacity + interpolationCount * 3)
        }

        public mutating func appendLiteral(_ literal: String) { text += literal }

        /// A value: becomes the next `$n` parameter.
        public mutating func appendInterpolation<T: PostgresEncodable>(_ value: T) {
            binds.append(value.postgresBind)
            text += "$\(binds.count)"
        }

        /// An optional value: NULL when nil. (Its own overload, so an optional is bound, not described.)
        public mutating func appendInterpolation<T: PostgresEncodable>(_ value: T?) {
            binds.append(value.postgresBind)
            text += "$\(binds.count)"
        }

        /// A fragment of SQL the program wrote itself (never text from input).
        public mutating func appendInterpolation(unsafeRaw fragment: String) { text += fragment }

        /// An identifier (table, column, channel), double-quoted with quotes doubled.
        public mutating func appendInterpolation(identifier name: String) {
            text += "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
    }
}

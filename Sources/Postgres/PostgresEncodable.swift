import Foundation

/// A value bound to a `$n` parameter: text, NULL, or binary bytes (for bytea).
public enum PostgresBind: Sendable, Equatable {
    case null
    case text(String)
    case binary([UInt8])
}

/// A Swift value that can be sent as a query parameter.
public protocol PostgresEncodable: Sendable {
    var postgresBind: PostgresBind { get }
}

extension String: PostgresEncodable {
    public var postgresBind: PostgresBind { .text(self) }
}

extension Int: PostgresEncodable {
    public var postgresBind: PostgresBind { .text(String(self)) }
}

extension Int64: PostgresEncodable {
    public var postgresBind: PostgresBind { .text(String(self)) }
}

extension Int32: PostgresEncodable {
    public var postgresBind: PostgresBind { .text(String(self)) }
}

extension Int16: PostgresEncodable {
    public var postgresBind: PostgresBind { .text(String(self)) }
}

extension Bool: PostgresEncodable {
    public var postgresBind: PostgresBind { .text(self ? "t" : "f") }
}

extension Decimal: PostgresEncodable {
    /// Sent as exact decimal text (`6406712635.13`), never through a binary float.
    public var postgresBind: PostgresBind { .text(PostgresText.decimal(self)) }
}

extension Double: PostgresEncodable {
    /// For measurements (seconds, rates); never for money.
    public var postgresBind: PostgresBind { .text(String(self)) }
}

extension Date: PostgresEncodable {
    public var postgresBind: PostgresBind { .text(PostgresText.timestamp(self)) }
}

extension UUID: PostgresEncodable {
    public var postgresBind: PostgresBind { .text(uuidString) }
}

/// Bytes for a bytea parameter, sent in binary; an array, so a large buffer is bound without converting it.
public struct Bytea: PostgresEncodable {
    public var bytes: [UInt8]

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public var postgresBind: PostgresBind { .binary(bytes) }
}

extension Data: PostgresEncodable {
    /// bytea, sent in binary so nothing is escaped.
    public var postgresBind: PostgresBind { .binary([UInt8](self)) }
}

extension Array: PostgresEncodable where Element: PostgresArrayElement {
    /// A PostgreSQL array literal, e.g. `{1,2,3}` or `{"a","b\"c",NULL}`; cast it in SQL (`$1::bigint[]`).
    public var postgresBind: PostgresBind {
        .text("{" + map { $0.postgresArrayItem }.joined(separator: ",") + "}")
    }
}

extension Optional: PostgresEncodable where Wrapped: PostgresEncodable {
    public var postgresBind: PostgresBind {
        switch self {
        case .none: .null
        case .some(let value): value.postgresBind
        }
    }
}

/// A value that can stand inside an array parameter.
public protocol PostgresArrayElement: Sendable {
    var postgresArrayItem: String { get }
}

extension Int: PostgresArrayElement { public var postgresArrayItem: String { String(self) } }
extension Int64: PostgresArrayElement { public var postgresArrayItem: String { String(self) } }
extension Int32: PostgresArrayElement { public var postgresArrayItem: String { String(self) } }
extension Decimal: PostgresArrayElement { public var postgresArrayItem: String { PostgresText.decimal(self) } }
extension Date: PostgresArrayElement {
    public var postgresArrayItem: String { PostgresText.quoted(PostgresText.timestamp(self)) }
}
extension String: PostgresArrayElement { public var postgresArrayItem: String { PostgresText.quoted(self) } }
extension Optional: PostgresArrayElement where Wrapped: PostgresArrayElement {
    public var postgresArrayItem: String { self.map { $0.postgresArrayItem } ?? "NULL" }
}

/// JSON sent as text and cast by the server (`$1::jsonb`).
public struct JSONText: PostgresEncodable, Sendable, Equatable {
    public let text: String
    public init(_ text: String) { self.text = text }
    /// Encodes any `Encodable` value with sorted keys, so equal values give equal text.
    public init<T: Encodable>(encoding value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        text = String(decoding: try encoder.encode(value), as: UTF8.self)
    }
    public var postgresBind: PostgresBind { .text(text) }
    /// Decodes the JSON into a `Decodable` type.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}

/// Text forms PostgreSQL reads and writes.
enum PostgresText {
    static func decimal(_ value: Decimal) -> String {
        var value = value
        return NSDecimalString(&value, Locale(identifier: "en_US_POSIX"))
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for ch in text.unicodeScalars {
            if ch == "\"" || ch == "\\" { out.append("\\") }
            out.unicodeScalars.append(ch)
        }
        return out + "\""
    }

    /// ISO 8601 in UTC with microseconds, which timestamptz reads exactly.
    static func timestamp(_ date: Date) -> String {
        let micros = (date.timeIntervalSince1970 * 1_000_000).rounded()
        let seconds = Int64((micros / 1_000_000).rounded(.down))
        let fraction = Int64(micros) - seconds * 1_000_000
        var tm = tm()
        var t = time_t(seconds)
        gmtime_r(&t, &tm)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", Int(tm.tm_year) + 1900, Int(tm.tm_mon) + 1,
            Int(tm.tm_mday), Int(tm.tm_hour), Int(tm.tm_min), Int(tm.tm_sec), fraction)
    }
}

/// A text enum sent as its raw value.
extension PostgresEncodable where Self: RawRepresentable, RawValue == String {
    public var postgresBind: PostgresBind { .text(rawValue) }
}

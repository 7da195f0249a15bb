import Foundation

/// Stores a `Decimal` that is encoded as an exact decimal string (`"6406712635.13"`), never as a JSON number.
///
/// Why strings: most JSON readers (JavaScript, Python's default `json`, spreadsheets) parse numbers into binary
/// floating point and would silently lose cents; a string keeps every digit and is parsed exactly on the way in.
@propertyWrapper
public struct ExactDecimal: Codable, Sendable, Equatable, Hashable {
    public var wrappedValue: Decimal

    public init(wrappedValue: Decimal) {
        self.wrappedValue = wrappedValue
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        self.wrappedValue = try DecimalText.parse(container.decode(String.self), codingPath: decoder.codingPath)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(DecimalText.format(wrappedValue))
    }
}

import Foundation

/// An optional `Decimal` encoded as an exact decimal string, or `null` when the value is missing.
///
/// Missing is not zero: `nil` stays `null` in JSON so that readers can tell "not available" from "0".
@propertyWrapper
public struct ExactOptionalDecimal: Codable, Sendable, Equatable, Hashable {
    public var wrappedValue: Decimal?

    public init(wrappedValue: Decimal?) {
        self.wrappedValue = wrappedValue
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self.wrappedValue = nil
        } else {
            self.wrappedValue = try DecimalText.parse(container.decode(String.self), codingPath: decoder.codingPath)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let value = wrappedValue {
            try container.encode(DecimalText.format(value))
        } else {
            try container.encodeNil()
        }
    }
}

extension KeyedDecodingContainer {
    /// Lets a synthesized `Decodable` accept an absent key for an optional decimal, the same as `null`.
    public func decode(_ type: ExactOptionalDecimal.Type, forKey key: Key) throws -> ExactOptionalDecimal {
        try decodeIfPresent(type, forKey: key) ?? ExactOptionalDecimal(wrappedValue: nil)
    }
}

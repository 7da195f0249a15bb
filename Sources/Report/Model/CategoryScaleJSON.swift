import Foundation
import Kinerja

/// Stores a `CategoryScale` that is encoded the way the report JSON has it: its `name`, and its `thresholds` as
/// bands from the highest minimum down, each a `minimum` (an exact decimal string) and a `kategori`, the last band
/// holding the scale's `lowest` kategori with a `null` minimum.
@propertyWrapper
public struct CategoryScaleJSON: Codable, Sendable, Equatable {
    public var wrappedValue: CategoryScale

    public init(wrappedValue: CategoryScale) {
        self.wrappedValue = wrappedValue
    }

    public init(from decoder: any Decoder) throws {
        let json = try Bands(from: decoder)
        guard let last = json.thresholds.last, last.minimum == nil,
            json.thresholds.dropLast().allSatisfy({ $0.minimum != nil })
        else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "a category scale needs a minimum on every band but the last, which has none"))
        }
        wrappedValue = CategoryScale(
            name: json.name,
            thresholds: json.thresholds.compactMap { band in
                band.minimum.map { CategoryScale.Threshold(minimum: $0, label: band.kategori) }
            },
            lowest: last.kategori)
    }

    public func encode(to encoder: any Encoder) throws {
        let bands = wrappedValue.thresholds.map { Band(minimum: $0.minimum, kategori: $0.label) }
        try Bands(name: wrappedValue.name, thresholds: bands + [Band(minimum: nil, kategori: wrappedValue.lowest)])
            .encode(to: encoder)
    }

    private struct Bands: Codable {
        var name: String
        var thresholds: [Band]
    }

    private struct Band: Codable {
        @ExactOptionalDecimal var minimum: Decimal?
        var kategori: String
    }
}

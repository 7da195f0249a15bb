import Foundation

/// Coordinates for SVG: computed in `Decimal`, rounded half up to 0.1 px and printed with a "." separator,
/// so the same report always gives the same bytes (no binary floating point anywhere).
enum SVGNumber {
    static func format(_ value: Decimal) -> String {
        var input = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &input, 1, .plain)
        return rounded.description
    }

    static func format(_ value: Int) -> String { String(value) }

    /// `value` scaled from `0...domainMax` onto `0...length`, clamped to that range.
    static func scale(_ value: Decimal, domainMax: Decimal, length: Decimal) -> Decimal {
        let clamped = min(max(value, 0), domainMax)
        return clamped * length / domainMax
    }
}

import Foundation

/// Builds exact `Decimal`s from digit strings, never through a binary floating value.
enum DecimalBuilder {
    /// `Decimal` keeps at most 38 significant digits; more cannot be stored exactly.
    static let maxDigits = 38

    /// The value `±digits × 10^exponent`, or nil when it cannot be held exactly.
    /// `digits` must contain only ASCII digits.
    static func make(negative: Bool, digits: Substring, exponent: Int) -> Decimal? {
        var trimmed = digits.drop { $0 == "0" }
        var exponent = exponent
        // Trailing zeros move into the exponent so long round numbers still fit.
        while trimmed.count > maxDigits, trimmed.last == "0" {
            trimmed = trimmed.dropLast()
            exponent += 1
        }
        if trimmed.isEmpty { return Decimal(0) }
        guard trimmed.count <= maxDigits else { return nil }
        var significand: Decimal
        if trimmed.utf8.count <= 19 {
            // Up to 19 digits fit a UInt64: one integer loop instead of Decimal arithmetic per digit (the hot path
            // of every amount an import reads).
            var value: UInt64 = 0
            for byte in trimmed.utf8 {
                let digit = byte &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + UInt64(digit)
            }
            significand = Decimal(value)
        } else {
            significand = Decimal(0)
            for character in trimmed {
                guard let digit = character.wholeNumberValue, character.isASCII else { return nil }
                significand = significand * 10 + Decimal(digit)
            }
        }
        // Keep the exponent inside Decimal's range by shifting zeros back into the significand.
        var count = trimmed.count
        while exponent > 127, count < maxDigits {
            significand *= 10
            exponent -= 1
            count += 1
        }
        guard exponent >= -128, exponent <= 127 else { return nil }
        return Decimal(sign: negative ? .minus : .plus, exponent: exponent, significand: significand)
    }

    static func isDigits<S: StringProtocol>(_ text: S) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isASCII && $0.isNumber }
    }
}

import Foundation

/// The exact text form of a `Decimal` used in JSON: optional `-`, digits, optionally `.` and digits.
enum DecimalText {
    static func format(_ value: Decimal) -> String {
        // `Decimal.description` prints every stored digit with a `.` separator, independent of locale.
        value.description
    }

    static func parse(_ text: String, codingPath: [any CodingKey]) throws -> Decimal {
        guard isWellFormed(text), let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: codingPath, debugDescription: "not an exact decimal string: \(text.debugDescription)"))
        }
        return value
    }

    /// `Decimal(string:)` accepts trailing garbage ("12abc" reads as 12), so the shape is checked first.
    static func isWellFormed(_ text: String) -> Bool {
        var digitsBefore = 0
        var digitsAfter = 0
        var seenPoint = false
        for (index, ch) in text.enumerated() {
            if ch == "-" && index == 0 { continue }
            if ch == "." && !seenPoint {
                seenPoint = true
                continue
            }
            guard ch.isASCII, ch.isNumber else { return false }
            if seenPoint { digitsAfter += 1 } else { digitsBefore += 1 }
        }
        return digitsBefore > 0 && (!seenPoint || digitsAfter > 0)
    }
}

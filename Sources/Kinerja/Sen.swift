import Foundation

/// Money as a whole number of sen (1/100 rupiah). Budget imports add up amounts in `Int128` sen: exact, and
/// wide enough for any sum of `numeric(20, 2)` amounts, where `Decimal` arithmetic was a hot spot.
public enum Sen {
    /// The amount in rupiah, exactly.
    public static func decimal(_ sen: Int128) -> Decimal {
        let magnitude = sen.magnitude
        let significand =
            magnitude <= UInt64.max ? Decimal(UInt64(magnitude)) : Decimal(string: String(magnitude))!
        return Decimal(sign: sen < 0 ? .minus : .plus, exponent: -2, significand: significand)
    }

    /// `value` in sen; nil when it is not a whole number of sen.
    public static func from(_ value: Decimal) -> Int128? {
        var scaled = value * 100
        var rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, 0, .plain)
        guard rounded == scaled else { return nil }
        return Int128("\(rounded)")
    }

    /// `1234.50`, `-0.05`: the text form `numeric` reads, appended to `out`.
    public static func appendText(_ sen: Int128, to out: inout [UInt8]) {
        if sen < 0 { out.append(UInt8(ascii: "-")) }
        let magnitude = sen.magnitude
        // Nearly every amount fits 64 bits, whose division is many times faster than 128-bit division.
        if magnitude <= UInt64.max {
            appendDigits(UInt64(magnitude / 100), to: &out)
            let cents = UInt8(magnitude % 100)
            out.append(UInt8(ascii: "."))
            out.append(cents / 10 + 0x30)
            out.append(cents % 10 + 0x30)
            return
        }
        var digits: [UInt8] = []
        var rest = magnitude
        while rest > 0 || digits.count < 3 {
            digits.append(UInt8(rest % 10) + 0x30)
            rest /= 10
        }
        for (i, digit) in digits.reversed().enumerated() {
            if i == digits.count - 2 { out.append(UInt8(ascii: ".")) }
            out.append(digit)
        }
    }

    /// The decimal digits of `value`, appended to `out` without making a `String`.
    static func appendDigits(_ value: UInt64, to out: inout [UInt8]) {
        // Digits into a fixed buffer from the right, then one append: no reversing, no reallocation per digit.
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            var value = value
            var start = buffer.count
            repeat {
                start -= 1
                buffer[start] = UInt8(value % 10) + 0x30
                value /= 10
            } while value > 0
            out.append(contentsOf: buffer[start...])
        }
    }
}

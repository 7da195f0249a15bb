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
        var digits: [UInt8] = []
        var rest = sen.magnitude
        repeat {
            digits.append(UInt8(rest % 10) + 0x30)
            rest /= 10
        } while rest > 0 || digits.count < 3
        if sen < 0 { out.append(UInt8(ascii: "-")) }
        for (i, digit) in digits.reversed().enumerated() {
            if i == digits.count - 2 { out.append(UInt8(ascii: ".")) }
            out.append(digit)
        }
    }
}

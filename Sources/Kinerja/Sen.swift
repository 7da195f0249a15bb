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

    /// `1234.50`, `-0.05`: the text form `numeric` reads.
    public static func text(_ sen: Int128) -> String {
        let digits = String(sen.magnitude)
        let padded = String(repeating: "0", count: max(0, 3 - digits.count)) + digits
        return (sen < 0 ? "-" : "") + padded.dropLast(2) + "." + padded.suffix(2)
    }
}

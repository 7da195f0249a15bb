import Foundation

/// Writes numbers the way an Indonesian report prints them: `6.406.712.635,13`, `96,87%`.
///
/// Rounding is half up (away from zero at exactly .5), the rule officials expect on paper.
public enum IndonesianFormat {
    /// `v` rounded to `places` decimals, half away from zero (`0,005` → `0,01`, `-0,005` → `-0,01`).
    public static func round(_ v: Decimal, places: Int) -> Decimal {
        var input = v
        var result = Decimal()
        NSDecimalRound(&result, &input, places, .plain)
        return result
    }

    /// Grouped with `.`, decimal comma, exactly `fractionDigits` decimals: `6.406.712.635,13`.
    public static func decimal(_ v: Decimal, fractionDigits: Int) -> String {
        let digits = max(0, fractionDigits)
        let rounded = round(v, places: digits)
        let (integerPart, fraction) = plainDigits(rounded.magnitude)
        var text = grouped(integerPart)
        if digits > 0 {
            text += "," + fraction.padding(toLength: digits, withPad: "0", startingAt: 0)
        }
        // After rounding, -0,001 is zero and prints without a sign.
        return rounded < 0 ? "-" + text : text
    }

    /// An amount of money, always with sen: `1.398.477.701,00`.
    public static func money(_ v: Decimal) -> String { decimal(v, fractionDigits: 2) }

    /// A percentage to two decimals: `96,87%`.
    public static func percent(_ v: Decimal) -> String { decimal(v, fractionDigits: 2) + "%" }

    /// As many decimals as needed, at most two, no trailing zeros: `30`, `62,83`, `77,5`.
    public static func number(_ v: Decimal) -> String {
        var text = decimal(v, fractionDigits: 2)
        while text.hasSuffix("0"), text.contains(",") { text.removeLast() }
        if text.hasSuffix(",") { text.removeLast() }
        return text
    }

    /// Integer and fraction digits of a non-negative value, from Decimal's exact plain description.
    private static func plainDigits(_ v: Decimal) -> (String, String) {
        let text = v.description
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
    }

    private static func grouped(_ digits: String) -> String {
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(".") }
            result.append(character)
        }
        return result
    }
}

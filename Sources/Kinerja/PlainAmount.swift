import Foundation

/// The fast reading of the amounts that fill a finance export: `1.464.186.757,50`, `8019000`, `-` (missing), from
/// the cell's ASCII bytes, in sen (1/100 rupiah). Anything else (`Rp`, brackets, signs, US style, more than two
/// decimals, a malformed grouping such as `2.67.338.000`) is `.other`, for `IndonesianNumber.parse` to read or
/// reject with its message; where both read a text, they agree (tested).
public enum PlainAmount: Equatable, Sendable {
    case sen(Int64)
    case missing
    case other

    /// Integer digits beyond this go to the general parser (which also enforces the storable maximum).
    static let maxIntegerDigits = 16

    /// Reads `bytes`, which may carry surrounding ASCII spaces and tabs.
    public static func read(_ bytes: UnsafeBufferPointer<UInt8>) -> PlainAmount {
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        if start == end { return .missing }
        if end - start == 1 && bytes[start] == UInt8(ascii: "-") { return .missing }
        var value: Int64 = 0
        var digits = 0
        var groupDigits = 0
        var grouped = false
        var i = start
        while i < end {
            let byte = bytes[i]
            if byte >= 0x30 && byte <= 0x39 {
                value = value * 10 + Int64(byte - 0x30)
                digits += 1
                groupDigits += 1
                if digits > maxIntegerDigits { return .other }
            } else if byte == UInt8(ascii: ".") {
                // First group 1–3 digits not starting with 0, later groups exactly 3.
                if grouped ? groupDigits != 3 : (groupDigits == 0 || groupDigits > 3 || bytes[start] == 0x30) {
                    return .other
                }
                grouped = true
                groupDigits = 0
            } else if byte == UInt8(ascii: ",") {
                break
            } else {
                return .other
            }
            i += 1
        }
        if digits == 0 || (grouped && groupDigits != 3) { return .other }
        var sen = value * 100
        if i < end {
            // `,5` or `,50`: one or two decimals.
            let fraction = end - i - 1
            guard fraction == 1 || fraction == 2 else { return .other }
            for k in 1...fraction {
                let byte = bytes[i + k]
                guard byte >= 0x30 && byte <= 0x39 else { return .other }
                sen += Int64(byte - 0x30) * (k == 1 ? 10 : 1)
            }
        }
        return .sen(sen)
    }

    /// Reads what an XLSX numeric cell holds for money: `8019000`, `1464186757.5`, `-12.25` (digits, a point and
    /// at most two decimals), in sen. Anything else (an exponent, more decimals, text) is `.other`; empty is
    /// `.missing`.
    public static func readMachine(_ bytes: UnsafeBufferPointer<UInt8>) -> PlainAmount {
        var i = bytes.startIndex
        let end = bytes.endIndex
        if i == end { return .missing }
        let negative = bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        var value: Int64 = 0
        var digits = 0
        while i < end, bytes[i] >= 0x30 && bytes[i] <= 0x39 {
            value = value * 10 + Int64(bytes[i] - 0x30)
            digits += 1
            if digits > maxIntegerDigits { return .other }
            i += 1
        }
        guard digits > 0 else { return .other }
        var decimals = 0
        if i < end, bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < end, bytes[i] >= 0x30 && bytes[i] <= 0x39 {
                guard decimals < 2 else { return .other }
                value = value * 10 + Int64(bytes[i] - 0x30)
                decimals += 1
                i += 1
            }
            guard decimals > 0 else { return .other }
        }
        guard i == end else { return .other }
        for _ in decimals..<2 { value *= 10 }
        return .sen(negative ? -value : value)
    }
}

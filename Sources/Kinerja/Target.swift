import Foundation

/// A target: one value (`30`, `92%`) or a range (`80-90`) where anything inside counts as fully met.
public enum Target: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    case value(Decimal)
    /// Lower and upper bound, lower ≤ upper.
    case range(Decimal, Decimal)

    /// Parses `30`, `92%`, `95.51`, `80-90`, `80 - 90`, `80–90`, `80 s/d 90`.
    /// Numbers are read as in a percent column (`95.51` is a decimal). Nil when the cell is missing.
    public static func parse(_ text: String, style: NumberStyle = .indonesian) throws(NumberError) -> Target? {
        let body = IndonesianNumber.trimmed(text)
        if let single = try? IndonesianNumber.parse(body, style: style, percent: true) {
            return .value(single)
        }
        if IndonesianNumber.missingMarkers.contains(body.lowercased()) { return nil }
        for separator in ["s/d", "s.d.", "sampai", "–", "—", "-"] {
            // Skip a leading sign: the separator must have a bound on each side.
            var searchStart = body.startIndex
            while let found = body.range(of: separator, range: searchStart..<body.endIndex) {
                let left = IndonesianNumber.trimmed(String(body[..<found.lowerBound]))
                let right = IndonesianNumber.trimmed(String(body[found.upperBound...]))
                searchStart = found.upperBound
                guard !left.isEmpty, !right.isEmpty,
                    let low = try? IndonesianNumber.parse(left, style: style, percent: true),
                    let high = try? IndonesianNumber.parse(right, style: style, percent: true)
                else { continue }
                guard low <= high else {
                    throw NumberError(text: text, reason: "batas bawah rentang lebih besar dari batas atas")
                }
                return .range(low, high)
            }
        }
        // Not a range: report the single-number error, which names the actual problem.
        _ = try IndonesianNumber.parse(body, style: style, percent: true)
        throw NumberError(text: text, reason: "target tidak dikenali")
    }

    /// Indonesian display: `30`, `80 - 90`.
    public var description: String {
        switch self {
        case .value(let v): return IndonesianFormat.number(v)
        case .range(let low, let high): return IndonesianFormat.number(low) + " - " + IndonesianFormat.number(high)
        }
    }
}

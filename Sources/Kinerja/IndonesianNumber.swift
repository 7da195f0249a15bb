import Foundation

/// Reads numbers as Indonesian finance exports and LKIP tables print them.
///
/// Missing values (`-`, `n/a`, empty) come back as nil, never as zero: a missing realisasi
/// (actual value) must not turn into a capaian of 0 in a signed report.
public enum IndonesianNumber {
    /// Texts that mean "no value" in the source documents.
    static let missingMarkers: Set<String> = ["", "-", "–", "—", "n/a", "na", "#n/a"]

    /// Parses a human-written number.
    ///
    /// - Parameters:
    ///   - style: the column's style; `.indonesian` unless `detectStyle` found US.
    ///   - percent: the column holds percentages, so `95.51` (one dot, 1–2 decimals, no grouping)
    ///     is read as a decimal point, as LKIP tables often print it. A trailing `%` implies this too.
    /// - Returns: the value (`92%` → 92), or nil when the text marks a missing value.
    public static func parse(
        _ text: String, style: NumberStyle = .indonesian, percent: Bool = false
    ) throws(NumberError) -> Decimal? {
        try parseDetailed(text, style: style, percent: percent)?.value
    }

    /// How many decimals the text prints (`97.00` → 2, `11%` → 0), or nil when missing.
    /// Used to compare a printed percentage with the computed one at the printed precision.
    public static func fractionDigits(
        _ text: String, style: NumberStyle = .indonesian, percent: Bool = false
    ) throws(NumberError) -> Int? {
        try parseDetailed(text, style: style, percent: percent)?.fractionDigits
    }

    struct Parsed {
        var value: Decimal
        var fractionDigits: Int
    }

    static func parseDetailed(_ original: String, style: NumberStyle, percent: Bool) throws(NumberError) -> Parsed? {
        var text = trimmed(original)
        if isMissing(text) { return nil }
        func fail(_ reason: String) -> NumberError { NumberError(text: original, reason: reason) }

        var negative = false
        if text.hasPrefix("("), text.hasSuffix(")") {
            // Accounting style: (1.000.000,00) is a negative amount.
            text = trimmed(String(text.dropFirst().dropLast()))
            if text.isEmpty { throw fail("tanda kurung tanpa angka") }
            negative = true
        }
        text = droppingCurrency(text)
        // `Rp -` is how accounting formats print an empty cell: still missing, not zero.
        if isMissing(text) { return nil }
        if let first = text.first, first == "-" || first == "−" || first == "+" {
            if negative && first != "+" { throw fail("tanda negatif ganda") }
            negative = negative || first != "+"
            text = droppingCurrency(trimmed(String(text.dropFirst())))
        }
        // `Rp. 3.983.537.465,-` and `Rp. 3.983.537.465.-`: the dash only closes the amount.
        if text.hasSuffix(",-") || text.hasSuffix(".-") { text = String(text.dropLast(2)) }
        var isPercent = percent
        if text.hasSuffix("%") {
            text = trimmed(String(text.dropLast()))
            isPercent = true
        }
        if text.isEmpty { throw fail("tidak ada angka") }
        if let bad = text.first(where: { !($0.isASCII && $0.isNumber) && $0 != "." && $0 != "," }) {
            throw fail(bad.isWhitespace ? "spasi di dalam angka" : "karakter tidak dikenal '\(bad)'")
        }
        let (integerPart, fraction) = try split(text, style: style, percent: isPercent, fail: fail)
        guard
            let value = DecimalBuilder.make(
                negative: negative, digits: Substring(integerPart + fraction), exponent: -fraction.count
            )
        else { throw fail("terlalu banyak digit untuk disimpan persis") }
        return Parsed(value: value, fractionDigits: fraction.count)
    }

    /// Splits the body (digits and separators only) into integer digits and fraction digits.
    private static func split(
        _ text: String, style: NumberStyle, percent: Bool, fail: (String) -> NumberError
    ) throws(NumberError) -> (String, String) {
        let group = style.groupingSeparator
        let mark = style.decimalSeparator
        let marks = text.filter { $0 == mark }.count
        if marks > 1 { throw fail("lebih dari satu tanda desimal '\(mark)'") }
        let groups = text.filter { $0 == group }.count
        if style == .indonesian, percent, marks == 0, groups == 1 {
            // `95.51` in a percent column: one dot followed by 1–2 digits is a decimal point.
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            if parts[1].count <= 2, DecimalBuilder.isDigits(parts[0]), DecimalBuilder.isDigits(parts[1]) {
                return (String(parts[0]), String(parts[1]))
            }
        }
        let pieces = text.split(separator: mark, omittingEmptySubsequences: false)
        let integerText = pieces[0]
        let fraction = pieces.count > 1 ? String(pieces[1]) : ""
        if pieces.count > 1 {
            if fraction.isEmpty { throw fail("tanda desimal tanpa angka di belakangnya") }
            if fraction.contains(group) { throw fail("pemisah ribuan di belakang tanda desimal") }
        }
        if integerText.isEmpty { throw fail("tidak ada angka di depan tanda desimal") }
        let groupsText = integerText.split(separator: group, omittingEmptySubsequences: false)
        if groupsText.count > 1 {
            let first = groupsText[0]
            let rest = groupsText.dropFirst()
            // Groups after the first must hold exactly 3 digits: `2.67.338.000` is a typing error.
            guard (1...3).contains(first.count), rest.allSatisfy({ $0.count == 3 }) else {
                throw fail("pengelompokan ribuan tidak valid")
            }
            // `0.500` is not five hundred written with grouping; it is most likely another style.
            if first.hasPrefix("0") { throw fail("pengelompokan ribuan tidak valid (diawali 0)") }
        }
        return (groupsText.joined(), fraction)
    }

    /// Parses a number written by a machine (an XLSX numeric cell, a database value):
    /// `1464186757.5`, `-0.5`, `1.2E-3`. Always `.` as decimal point, no grouping; exact.
    public static func parseMachine(_ original: String) throws(NumberError) -> Decimal {
        var text = Substring(trimmed(original))
        func fail(_ reason: String) -> NumberError { NumberError(text: original, reason: reason) }
        var negative = false
        if let first = text.first, first == "-" || first == "+" {
            negative = first == "-"
            text = text.dropFirst()
        }
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            var exponentText = text[text.index(after: e)...]
            var exponentNegative = false
            if let sign = exponentText.first, sign == "-" || sign == "+" {
                exponentNegative = sign == "-"
                exponentText = exponentText.dropFirst()
            }
            guard DecimalBuilder.isDigits(exponentText), exponentText.count <= 4, let magnitude = Int(exponentText)
            else { throw fail("eksponen tidak valid") }
            exponent = exponentNegative ? -magnitude : magnitude
            text = text[..<e]
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { throw fail("lebih dari satu titik desimal") }
        let integerPart = parts[0]
        let fraction = parts.count == 2 ? parts[1] : ""
        guard integerPart.isEmpty || DecimalBuilder.isDigits(integerPart),
            fraction.isEmpty || DecimalBuilder.isDigits(fraction),
            !(integerPart.isEmpty && fraction.isEmpty)
        else { throw fail("bukan angka") }
        guard
            let value = DecimalBuilder.make(
                negative: negative, digits: Substring(integerPart + fraction), exponent: exponent - fraction.count
            )
        else { throw fail("di luar jangkauan yang dapat disimpan persis") }
        return value
    }

    /// Decides a column's style from its texts when they say so unambiguously.
    ///
    /// `1.464.186.757,50` or `1.000.000` votes Indonesian; `2,278,222,167.00` or `1464186757.5` votes US;
    /// `1.000` or `1,000` alone says nothing. Returns nil when no sample decides or samples disagree,
    /// meaning: keep Indonesian.
    public static func detectStyle(_ samples: [String]) -> NumberStyle? {
        var votes = Set<NumberStyle>()
        for sample in samples {
            if let vote = styleVote(sample) { votes.insert(vote) }
        }
        return votes.count == 1 ? votes.first : nil
    }

    private static func styleVote(_ sample: String) -> NumberStyle? {
        let body = trimmed(sample).filter { $0 == "." || $0 == "," || ($0.isASCII && $0.isNumber) }
        let dots = body.filter { $0 == "." }.count
        let commas = body.filter { $0 == "," }.count
        // A trailing `,-` after an amount is Indonesian currency style, not a separator.
        if trimmed(sample).hasSuffix(",-") { return .indonesian }
        switch (dots, commas) {
        case (0, 0):
            return nil
        case (_, 0) where dots > 1:
            return .indonesian
        case (0, _) where commas > 1:
            return .us
        case (1, 0), (0, 1):
            // One separator followed by exactly three digits could be grouping in either style.
            let separator: Character = dots == 1 ? "." : ","
            let after = body.split(separator: separator, omittingEmptySubsequences: false).last ?? ""
            if after.count == 3 { return nil }
            return separator == "," ? .indonesian : .us
        default:
            // Both present: the one that comes last is the decimal mark.
            return body.last(where: { $0 == "." || $0 == "," }) == "," ? .indonesian : .us
        }
    }

    /// Trims spaces, tabs, newlines and the no-break spaces spreadsheets insert.
    static func trimmed(_ text: String) -> String { Blank.trim(text) }

    /// Missing markers are short; most amounts skip the lowercasing.
    static func isMissing(_ text: String) -> Bool {
        text.utf8.count <= 4 && missingMarkers.contains(text.lowercased())
    }

    /// Removes a leading `Rp`, `Rp.` or `IDR` currency label.
    private static func droppingCurrency(_ text: String) -> String {
        guard let first = text.utf8.first, first | 0x20 == UInt8(ascii: "r") || first | 0x20 == UInt8(ascii: "i") else {
            return text
        }
        let lower = text.lowercased()
        for prefix in ["rp.", "rp", "idr"] where lower.hasPrefix(prefix) {
            return trimmed(String(text.dropFirst(prefix.count)))
        }
        return text
    }
}

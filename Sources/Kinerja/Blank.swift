/// Blank text around cell values: spaces, tabs, line breaks and the no-break spaces spreadsheets insert.
///
/// Hand-written because Foundation's `trimmingCharacters(in:)` goes through NSString on Linux and was a quarter of an
/// import's time; this returns the text untouched, without copying, in the common case of nothing to trim.
public enum Blank {
    /// `text` without leading and trailing blanks.
    public static func trim(_ text: String) -> String {
        let utf8 = text.utf8
        guard let first = utf8.first, let last = utf8.last else { return text }
        // ASCII letters, digits and punctuation at both ends: nothing to trim.
        if first > 0x20 && first < 0x80 && last > 0x20 && last < 0x80 { return text }
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, isBlank(scalars[start]) { start = scalars.index(after: start) }
        while end > start, isBlank(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return String(scalars[start..<end])
    }

    /// White space (Unicode's property), including no-break spaces U+00A0, U+2007 and U+202F.
    public static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || scalar == "\u{00A0}" || scalar == "\u{2007}" || scalar == "\u{202F}"
    }
}

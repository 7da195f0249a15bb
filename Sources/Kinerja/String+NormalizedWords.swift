extension String {
    /// Lowercased, trimmed, inner runs of spaces, `_` and `-` between words collapsed to one space.
    var normalizedWords: String {
        IndonesianNumber.trimmed(self).lowercased()
            .split(whereSeparator: { $0 == " " || $0 == "_" || $0 == "\u{00A0}" })
            .joined(separator: " ")
    }
}

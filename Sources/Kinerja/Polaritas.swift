/// Polaritas (polarity): which direction of an indicator is good.
///
/// `positif`: higher is better (most indicators). `negatif`: lower is better, e.g. a rank
/// where 1 is the best. The capaian formula depends on it.
public enum Polaritas: String, Sendable, Codable, CaseIterable {
    case positif
    case negatif

    /// Reads the common spellings; nil when the cell is empty (the caller decides the default).
    ///
    /// A lone `-` is rejected rather than read as negatif: in these documents `-` means "no value",
    /// and guessing would silently change the formula of a signed figure.
    public static func parse(_ text: String) throws(ValueError) -> Polaritas? {
        let key = text.normalizedWords
        if key.isEmpty { return nil }
        if positiveSpellings.contains(key) { return .positif }
        if negativeSpellings.contains(key) { return .negatif }
        let reason =
            ["-", "–", "—"].contains(key)
            ? "'-' ambigu (biasanya berarti kosong); tulis 'positif' atau 'negatif'"
            : "gunakan 'positif' (makin tinggi makin baik) atau 'negatif' (makin rendah makin baik)"
        throw ValueError(field: "polaritas", text: text, reason: reason)
    }

    private static let positiveSpellings: Set<String> = [
        "positif", "positive", "pos", "+", "naik", "maksimal", "maximize", "higher is better",
        "semakin tinggi semakin baik", "makin tinggi makin baik",
    ]
    private static let negativeSpellings: Set<String> = [
        "negatif", "negative", "neg", "turun", "minimal", "minimize", "lower is better",
        "semakin rendah semakin baik", "makin rendah makin baik",
    ]
}

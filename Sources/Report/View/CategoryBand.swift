/// A category scale band as printed: its kategori and its range in words, e.g. "≥ 76 dan < 91".
struct CategoryBand: Sendable {
    var kategori: String
    var range: String
}

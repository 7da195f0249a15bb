/// One table cell, already formatted. Shared by the HTML, Markdown and CSV outputs so they show the same text.
struct CellView: Sendable {
    /// The formatted text, e.g. "96,87%", or the input text as given.
    let text: String
    /// A short remark shown after the text, e.g. the reason a value is missing.
    let note: String?
    /// The text and note as one string, for outputs without separate styling (Markdown, CSV). Stored, not
    /// computed, because Mustache reads stored properties only.
    let plainText: String
    /// Right-aligned in HTML and Markdown; a number we formatted ourselves, so CSV leaves it as is.
    var numeric: Bool
    /// The value is missing ("belum tersedia"); drawn in italics.
    var missing: Bool
    /// Rows this cell spans in HTML (only set when > 1).
    var rowspan: Int?
    /// Covered by a `rowspan` cell above: skipped in HTML, repeated in Markdown and CSV.
    var covered: Bool
    /// Shown in a monospace face (codes and hashes).
    var code: Bool

    init(text: String, note: String? = nil, numeric: Bool = false, missing: Bool = false, code: Bool = false) {
        self.text = text
        self.note = note
        self.numeric = numeric
        self.missing = missing
        self.rowspan = nil
        self.covered = false
        self.code = code
        self.plainText = note.map { $0.isEmpty ? text : "\(text) (\($0))" } ?? text
    }

    /// Text that came from input (names, targets as written): escaped everywhere, formula-guarded in CSV.
    static func input(_ text: String) -> CellView { CellView(text: text) }

    /// A number formatted by us.
    static func number(_ text: String) -> CellView { CellView(text: text, numeric: true) }

    /// A missing value: "belum tersedia" and, when known, why.
    /// "belum tersedia" and why, said once: a reason that already says it is the cell's whole text.
    static func missing(_ reason: String?) -> CellView {
        if let reason, ReportText.saysMissing(reason) {
            return CellView(text: reason, note: nil, numeric: true, missing: true)
        }
        return CellView(text: ReportText.notAvailable, note: reason, numeric: true, missing: true)
    }
}

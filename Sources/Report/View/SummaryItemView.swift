/// One key figure on the first page, e.g. "Penyerapan anggaran: 97,15%".
struct SummaryItemView: Sendable {
    var label: String
    var value: String
    var note: String?
    var missing: Bool
}

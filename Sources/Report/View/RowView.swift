/// One table row.
struct RowView: Sendable {
    var cells: [CellView]
    /// A total ("JUMLAH") row: bold, with a rule above it.
    var total: Bool

    init(cells: [CellView], total: Bool = false) {
        self.cells = cells
        self.total = total
    }
}

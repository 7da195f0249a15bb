/// One numbered table of the report ("Tabel 3.1").
struct TableView: Sendable {
    /// The `section` value of its rows in CSV, e.g. "pengukuran".
    var key: String
    /// "Tabel 3.1".
    var label: String
    var title: String
    var columns: [ColumnView]
    var rows: [RowView]
    /// Remark printed under the table.
    var note: String?
    /// True when `rows` is empty, so templates can print "tidak ada data". Stored, not computed: Mustache
    /// reads stored properties only (through `Mirror`).
    var isEmpty: Bool
    /// For the "tidak ada data" row's colspan.
    var columnCount: Int

    init(key: String, label: String, title: String, columns: [ColumnView], rows: [RowView], note: String? = nil) {
        self.key = key
        self.label = label
        self.title = title
        self.columns = columns
        self.rows = rows
        self.note = note
        self.isEmpty = rows.isEmpty
        self.columnCount = columns.count
    }
}

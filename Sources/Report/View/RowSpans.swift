/// Merges equal consecutive cells of a column into one HTML `rowspan` cell, as printed LKIP tables do for
/// sasaran. Markdown and CSV still repeat the text, so every row stands alone there.
enum RowSpans {
    static func merge(_ rows: [RowView], columns: [Int]) -> [RowView] {
        var rows = rows
        for column in columns {
            var start = 0
            while start < rows.count {
                var end = start + 1
                while end < rows.count, rows[end].cells[column].text == rows[start].cells[column].text {
                    rows[end].cells[column].covered = true
                    end += 1
                }
                if end - start > 1 { rows[start].cells[column].rowspan = end - start }
                start = end
            }
        }
        return rows
    }
}

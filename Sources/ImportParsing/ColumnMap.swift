import Kinerja
import Spreadsheet

/// Where each known column of a located header sits, and the cells of a data row by canonical name.
///
/// Built from `HeaderMatch` plus the columns `HeaderMatcher` cannot see: a header cell that is only `%` or `(%)`
/// has no letters or digits left after normalisation, so it is matched here, as `percentColumn`.
package struct ColumnMap {
    package let file: String
    package let headerRow: Int
    package private(set) var index: [String: Int]
    /// How many cells the header row spans (up to its last non-empty cell).
    package let width: Int

    package init(header: HeaderMatch, file: String, percentColumn: String?) {
        self.file = file
        headerRow = header.rowNumber
        index = header.columns
        let lastNamed = header.headerCells.lastIndex { !$0.allSatisfy(\.isWhitespace) } ?? -1
        // A two-row header may name its last column in the upper row only (a cell merged downwards).
        width = max(lastNamed, header.columns.values.max() ?? -1) + 1
        if let percentColumn, index[percentColumn] == nil,
            let i = header.headerCells.firstIndex(where: { ["%", "(%)", "% ", "persen (%)"].contains($0.trimmed) })
        {
            index[percentColumn] = i
        }
    }

    /// The trimmed cell under `column`; "" when the file has no such column or the row is shorter.
    package func cell(_ column: String, in cells: [String]) -> String {
        guard let i = index[column], i < cells.count else { return "" }
        return cells[i].trimmed
    }

    /// Rejects a row with text beyond the header's last column: such a row is shifted (often an unquoted `,` in
    /// a number such as `1,2,3`), so every value in it would land in the wrong column. Empty trailing cells are
    /// fine (exports often end rows with a delimiter). Shorter rows are fine too: missing cells read as empty,
    /// as XLSX rows end at their last non-empty cell anyway; a required value that is then empty is reported.
    package func checkWidth(_ cells: [String], row: Int) throws {
        guard cells.count > width, let extra = cells[width...].firstIndex(where: { !$0.trimmed.isEmpty }) else {
            return
        }
        throw ImportProblem.row(
            file: file, row: row,
            "\(cells.count) sel, sedangkan header (baris \(headerRow)) hanya \(width) kolom; ada isi di kolom "
                + "\(CellReference.letters(extra + 1)) (\"\(ImportProblem.clip(cells[extra]))\"), di luar header. "
                + "Baris bergeser (sering karena angka dengan koma tanpa tanda kutip)")
    }
}

/// One row of a spreadsheet as text cells, numbered as the user sees it.
public struct SheetRow: Sendable, Equatable {
    /// 1-based row number: the physical line where a CSV record starts, or the `r` attribute of an XLSX row.
    public let number: Int
    /// Cell texts from column A (index 0). CSV rows are returned as they are (ragged rows stay ragged);
    /// XLSX rows place cells by their reference, fill gaps with "" and end at the last non-empty cell.
    public let cells: [String]

    public init(number: Int, cells: [String]) {
        self.number = number
        self.cells = cells
    }

    /// True when every cell is empty or whitespace, e.g. blank lines or styled-but-empty XLSX rows.
    public var isBlank: Bool {
        cells.allSatisfy { $0.allSatisfy(\.isWhitespace) }
    }
}

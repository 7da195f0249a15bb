/// One data row below a located header, readable by canonical column name.
public struct TableRecord: Sendable {
    /// Row number as the user sees it.
    public let number: Int
    public let cells: [String]
    public let header: HeaderMatch
    /// File name for errors.
    public let file: String

    /// The cell under `canonical`: nil when the file has no such column, "" when this row is shorter.
    public subscript(canonical: String) -> String? {
        guard let index = header.columns[canonical] else { return nil }
        return index < cells.count ? cells[index] : ""
    }

    /// An error about this row's `canonical` cell, located by row, column and header text.
    public func error(
        _ canonical: String, _ message: String,
        kind: SpreadsheetError.Kind = .invalidValue
    ) -> SpreadsheetError {
        SpreadsheetError(
            kind, file: file, row: number, column: header.columns[canonical].map { $0 + 1 },
            columnName: header.headerText(of: canonical) ?? canonical, text: self[canonical],
            message: message)
    }
}

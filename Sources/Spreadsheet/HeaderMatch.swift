/// Where a header row was found and which column holds each known name.
public struct HeaderMatch: Sendable, Equatable {
    /// Row number of the header as the user sees it (the lower row of a two-row header).
    public let rowNumber: Int
    /// Canonical name → 0-based index into `SheetRow.cells`, for the names found.
    public let columns: [String: Int]
    /// The header row's cells as written in the file.
    public let headerCells: [String]
    /// The row after the header, already read from the reader; nil if the header is the last row.
    public let firstRowBelow: SheetRow?

    /// The header text above a column as written in the file, e.g. for error messages.
    public func headerText(of canonical: String) -> String? {
        guard let index = columns[canonical], index < headerCells.count, !headerCells[index].isEmpty else {
            return nil
        }
        return headerCells[index]
    }
}

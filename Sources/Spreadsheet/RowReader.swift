/// A forward-only source of spreadsheet rows; memory use does not depend on the file size.
public protocol RowReader {
    /// The file name used in error messages.
    var displayName: String { get }
    /// The next row, or nil at the end of the sheet.
    mutating func next() throws(SpreadsheetError) -> SheetRow?
}

/// Reads a table: finds its header with a `HeaderMatcher`, then yields the non-blank rows below it.
///
/// Every non-blank row is returned, including total rows such as JUMLAH; recognising those is the caller's job.
public struct TableReader {
    public let header: HeaderMatch
    private var reader: any RowReader
    private var pending: SheetRow?

    public init(reader: any RowReader, matcher: HeaderMatcher) throws(SpreadsheetError) {
        var reader = reader
        header = try matcher.locate(in: &reader)
        self.reader = reader
        pending = header.firstRowBelow
    }

    public var displayName: String { reader.displayName }

    /// The underlying reader's raw rows (CSV and XLSX), for bulk imports that skip making strings: valid once
    /// `next()` has returned the row read along with the header, nil before. Blank rows are not skipped.
    public var rawReader: (any RawRowReader)? { pending == nil ? reader as? any RawRowReader : nil }

    /// The next non-blank data row, or nil at the end.
    public mutating func next() throws(SpreadsheetError) -> TableRecord? {
        if let row = pending.take(), !row.isBlank { return record(row) }
        while let row = try reader.next() {
            if !row.isBlank { return record(row) }
        }
        return nil
    }

    private func record(_ row: SheetRow) -> TableRecord {
        TableRecord(number: row.number, cells: row.cells, header: header, file: reader.displayName)
    }
}

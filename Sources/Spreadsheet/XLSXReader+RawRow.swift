/// An XLSX sheet's rows as `RawRow`s too, so a bulk import reads XLSX through the same fast path as CSV (the cells'
/// UTF-8 bytes back to back) instead of making a record of strings per row.
extension XLSXReader: RawRowReader {
    func nextRaw(_ row: inout RawRow) throws(SpreadsheetError) -> Bool {
        guard let sheetRow = try next() else { return false }
        row.reset(number: sheetRow.number)
        for var cell in sheetRow.cells {
            cell.withUTF8 { bytes in
                row.bytes.append(contentsOf: bytes)
                if !row.hasNonASCII, bytes.contains(where: { $0 >= 0x80 }) { row.hasNonASCII = true }
            }
            row.endCell()
        }
        return true
    }

    func cells(of row: RawRow) -> [String] {
        (0..<row.count).map { String(decoding: row.bytes[row.range($0)], as: UTF8.self) }
    }
}

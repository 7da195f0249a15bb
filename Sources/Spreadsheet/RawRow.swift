/// One CSV record as bytes: the cells' contents (quotes removed, doubled quotes undone) back to back, and where
/// each cell ends. A bulk import reads these without making a `String` per cell; `RawRowReader.cells(of:)` makes
/// them when a row needs the general path.
public struct RawRow {
    /// 1-based physical line where the record starts.
    public internal(set) var number = 0
    public internal(set) var bytes: [UInt8] = []
    /// End offset in `bytes` of each cell.
    public internal(set) var ends: [Int] = []
    /// Some byte is ≥ 0x80: the row's text must be decoded (UTF-8 or Windows-1252) before use.
    public internal(set) var hasNonASCII = false

    public init() {}

    public var count: Int { ends.count }

    /// The byte range of cell `index` in `bytes`; empty when the row is shorter.
    public func range(_ index: Int) -> Range<Int> {
        guard index < ends.count else { return 0..<0 }
        return (index == 0 ? 0 : ends[index - 1])..<ends[index]
    }

    mutating func reset(number: Int) {
        self.number = number
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        hasNonASCII = false
    }

    mutating func endCell() { ends.append(bytes.count) }
}

/// A `RowReader` that can also hand out rows as `RawRow`s (the CSV reader).
public protocol RawRowReader: AnyObject, RowReader {
    /// Reads the next record into `row`; false at the end of the file.
    func nextRaw(_ row: inout RawRow) throws(SpreadsheetError) -> Bool
    /// The row's cells as text, decoded in the file's encoding.
    func cells(of row: RawRow) -> [String]
}

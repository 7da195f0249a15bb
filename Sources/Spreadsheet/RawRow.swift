/// One CSV record as bytes and where each cell lies in them (quotes removed, doubled quotes undone). A bulk import
/// reads these without making a `String` per cell; `RawRowReader.cells(of:)` makes them when a row needs the
/// general path.
public struct RawRow {
    /// 1-based physical line where the record starts.
    public internal(set) var number = 0
    /// The record's bytes: the cells back to back, or (for a plain record copied whole) with their delimiters.
    public internal(set) var bytes: [UInt8] = []
    /// Start and end offsets in `bytes` of each cell.
    public internal(set) var starts: [Int] = []
    public internal(set) var ends: [Int] = []
    /// Some byte is ≥ 0x80: the row's text must be decoded (UTF-8 or Windows-1252) before use.
    public internal(set) var hasNonASCII = false

    public init() {}

    public var count: Int { ends.count }

    /// The byte range of cell `index` in `bytes`; empty when the row is shorter.
    public func range(_ index: Int) -> Range<Int> {
        guard index < ends.count else { return 0..<0 }
        return starts[index]..<ends[index]
    }

    /// Every cell is empty or ASCII white space (a row that has text beyond ASCII is never blank here).
    public var isASCIIBlank: Bool {
        guard !hasNonASCII else { return false }
        for i in 0..<ends.count {
            for byte in bytes[starts[i]..<ends[i]] where byte != 0x20 && !(0x09...0x0D).contains(byte) {
                return false
            }
        }
        return true
    }

    mutating func reset(number: Int) {
        self.number = number
        bytes.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        hasNonASCII = false
    }

    /// Ends the cell being appended to `bytes` (which began where the previous one ended).
    mutating func endCell() {
        starts.append(ends.last ?? 0)
        ends.append(bytes.count)
    }
}

/// A `RowReader` that can also hand out rows as `RawRow`s (the CSV reader).
public protocol RawRowReader: AnyObject, RowReader {
    /// Reads the next record into `row`; false at the end of the file.
    func nextRaw(_ row: inout RawRow) throws(SpreadsheetError) -> Bool
    /// The row's cells as text, decoded in the file's encoding.
    func cells(of row: RawRow) -> [String]
}

/// Limits and choices for reading a spreadsheet. The limits keep a hostile or broken file (a zip bomb, a row of a
/// hundred million delimiters) from taking a worker's memory: past one, reading stops with an error naming it.
public struct ReaderOptions: Sendable {
    /// Largest cell in bytes; a bigger one is an error naming row and column (guards against a runaway quote).
    public var maxCellBytes: Int
    /// Most cells in a row (Excel's own limit is 16 384 columns) and most bytes in a row.
    public var maxCellsPerRow: Int
    public var maxRowBytes: Int
    /// XLSX: most bytes a worksheet part may decompress to (1 GiB: a million-line export takes about 350 MB), and
    /// most for the other parts (workbook, relationships), which are read whole.
    public var maxSheetBytes: Int64
    public var maxSmallPartBytes: Int
    /// XLSX: most shared strings, and most bytes of them (they are held in memory).
    public var maxSharedStrings: Int
    public var maxSharedStringBytes: Int
    /// What to do with XLSX formula cells.
    public var formulaPolicy: FormulaPolicy
    /// CSV delimiter; nil detects it among `,` `;` and tab from the first lines.
    public var delimiter: UInt8?

    public init(
        maxCellBytes: Int = 1 << 20, maxCellsPerRow: Int = 16_384, maxRowBytes: Int = 16 << 20,
        maxSheetBytes: Int64 = 1 << 30, maxSmallPartBytes: Int = 32 << 20, maxSharedStrings: Int = 2_000_000,
        maxSharedStringBytes: Int = 128 << 20, formulaPolicy: FormulaPolicy = .useCachedValue, delimiter: UInt8? = nil
    ) {
        self.maxCellBytes = maxCellBytes
        self.maxCellsPerRow = maxCellsPerRow
        self.maxRowBytes = maxRowBytes
        self.maxSheetBytes = maxSheetBytes
        self.maxSmallPartBytes = maxSmallPartBytes
        self.maxSharedStrings = maxSharedStrings
        self.maxSharedStringBytes = maxSharedStringBytes
        self.formulaPolicy = formulaPolicy
        self.delimiter = delimiter
    }
}

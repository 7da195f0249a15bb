/// Limits and choices for reading a spreadsheet.
public struct ReaderOptions: Sendable {
    /// Largest cell in bytes; a bigger one is an error naming row and column (guards against a runaway quote).
    public var maxCellBytes: Int
    /// What to do with XLSX formula cells.
    public var formulaPolicy: FormulaPolicy
    /// CSV delimiter; nil detects it among `,` `;` and tab from the first lines.
    public var delimiter: UInt8?

    public init(
        maxCellBytes: Int = 1 << 20, formulaPolicy: FormulaPolicy = .useCachedValue,
        delimiter: UInt8? = nil
    ) {
        self.maxCellBytes = maxCellBytes
        self.formulaPolicy = formulaPolicy
        self.delimiter = delimiter
    }
}

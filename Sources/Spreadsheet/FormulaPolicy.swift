/// What an XLSX reader does with formula cells.
public enum FormulaPolicy: Sendable {
    /// Return the value the spreadsheet program cached when it saved the file; a formula without a cached
    /// value is an error, because an empty cell would silently stand in for a number.
    case useCachedValue
    /// Any formula cell is an error naming the cell, for imports that must contain typed-in values only.
    case reject
}

import Spreadsheet

/// The data rows below a file's header, with reader errors turned into job errors and the first rows kept
/// aside so number styles can be decided before anything is parsed. Later rows can be read as `RawRow`s
/// (`next(raw:)`), which the budget import's fast path reads without making strings.
package struct ImportRows {
    /// What `next(raw:)` read.
    package enum Next {
        /// `raw` holds the row (not blank).
        case raw
        case cells(row: Int, cells: [String])
    }

    private var table: TableReader
    package let columns: ColumnMap
    private var buffered: [TableRecord] = []
    package private(set) var count = 0
    /// `table.rawReader`, looked up once (a dynamic cast per row cost 4 % of a budget import).
    private var rawReader: (any RawRowReader)?
    private var lookedUpRawReader = false

    /// Rows looked at to decide each number column's style.
    package static let sampleRows = 200

    /// `file` is the name messages use.
    package init(reader: any RowReader, file: String, matcher: HeaderMatcher, percentColumn: String?) throws {
        do {
            table = try TableReader(reader: reader, matcher: matcher)
        } catch {
            throw ImportProblem.spreadsheet(error)
        }
        columns = ColumnMap(header: table.header, file: file, percentColumn: percentColumn)
        while buffered.count < Self.sampleRows, let record = try read() { buffered.append(record) }
        buffered.reverse()
    }

    /// The cells of `column` in the first rows, for `NumberColumn.detect`.
    package func samples(_ column: String) -> [String] {
        buffered.map { columns.cell(column, in: $0.cells) }.filter { !$0.isEmpty }
    }

    package mutating func next() throws -> (row: Int, cells: [String])? {
        if let record = try buffered.popLast() ?? read() {
            count += 1
            return (record.number, record.cells)
        }
        return nil
    }

    /// The next non-blank row: into `raw` once the sample rows are used up (CSV and XLSX), else as cells.
    package mutating func next(raw: inout RawRow) throws -> Next? {
        guard buffered.isEmpty else { return try next().map { .cells(row: $0.row, cells: $0.cells) } }
        if !lookedUpRawReader {
            rawReader = table.rawReader
            lookedUpRawReader = true
        }
        guard let reader = rawReader else { return try next().map { .cells(row: $0.row, cells: $0.cells) } }
        do {
            while try reader.nextRaw(&raw) {
                if raw.hasNonASCII {
                    let cells = reader.cells(of: raw)
                    if SheetRow(number: raw.number, cells: cells).isBlank { continue }
                    count += 1
                    return .cells(row: raw.number, cells: cells)
                }
                if raw.isASCIIBlank { continue }
                count += 1
                return .raw
            }
        } catch {
            throw ImportProblem.spreadsheet(error)
        }
        return nil
    }

    /// The cells of a row `next(raw:)` read, as text.
    package func cells(of row: RawRow) -> [String] { rawReader?.cells(of: row) ?? [] }

    private mutating func read() throws -> TableRecord? {
        do { return try table.next() } catch { throw ImportProblem.spreadsheet(error) }
    }
}

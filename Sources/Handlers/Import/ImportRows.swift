import Spreadsheet

/// The data rows below a file's header, with reader errors turned into job errors and the first rows kept
/// aside so number styles can be decided before anything is parsed.
struct ImportRows {
    private var table: TableReader
    let columns: ColumnMap
    private var buffered: [TableRecord] = []
    private(set) var count = 0

    /// Rows looked at to decide each number column's style.
    static let sampleRows = 200

    init(source: ImportSource, matcher: HeaderMatcher, percentColumn: String?) throws {
        do {
            table = try TableReader(reader: source.reader, matcher: matcher)
        } catch {
            throw ImportProblem.spreadsheet(error)
        }
        columns = ColumnMap(header: table.header, file: source.displayName, percentColumn: percentColumn)
        while buffered.count < Self.sampleRows, let record = try read() { buffered.append(record) }
        buffered.reverse()
    }

    /// The cells of `column` in the first rows, for `NumberColumn.detect`.
    func samples(_ column: String) -> [String] {
        buffered.map { columns.cell(column, in: $0.cells) }.filter { !$0.isEmpty }
    }

    mutating func next() throws -> (row: Int, cells: [String])? {
        if let record = try buffered.popLast() ?? read() {
            count += 1
            return (record.number, record.cells)
        }
        return nil
    }

    private mutating func read() throws -> TableRecord? {
        do { return try table.next() } catch { throw ImportProblem.spreadsheet(error) }
    }
}

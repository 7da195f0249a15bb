import Kinerja
import Spreadsheet

/// The rows of a budget export as lines, total rows and skipped rows, in file order: plain account rows that
/// repeat the context of the row before through `BudgetFastPath`, every other row through `BudgetRowParser`.
/// `BudgetFileReader` runs it ahead of the import on a thread of its own. A struct, so the parts it changes per row
/// are checked for overlapping access once per row (its closure's variable), not once per part as a class's are.
struct BudgetRowSource {
    private var rows: ImportRows
    private var parser: BudgetRowParser
    private var fast: BudgetFastPath
    private var raw = RawRow()

    var columns: ColumnMap { rows.columns }
    /// Data rows read so far (lines, total rows and skipped rows).
    var count: Int { rows.count }

    /// Decides the number columns' styles from the first rows, as the budget import reads them.
    init(reader: any RowReader, file: String, isXLSX: Bool, tahun: Int?, kodeOPD: String?) throws {
        rows = try ImportRows(
            reader: reader, file: file,
            matcher: BudgetColumns.matcher(tahunGiven: tahun != nil, opdGiven: kodeOPD != nil),
            percentColumn: "persen")
        var anggaran = NumberColumn(name: "anggaran", money: true, isXLSX: isXLSX)
        var realisasi = NumberColumn(name: "realisasi", money: true, isXLSX: isXLSX)
        anggaran.detect(from: rows.samples("anggaran"))
        realisasi.detect(from: rows.samples("realisasi"))
        parser = BudgetRowParser(
            columns: rows.columns, anggaran: anggaran, realisasi: realisasi, tahun: tahun, kodeOPD: kodeOPD)
        fast = BudgetFastPath(columns: rows.columns, anggaran: anggaran, realisasi: realisasi)
    }

    /// The next row's meaning, or nil at the end of the file. Bad input throws `ImportInputError`.
    mutating func next() throws -> BudgetRowParser.Parsed? {
        switch try rows.next(raw: &raw) {
        case nil:
            return nil
        case .raw:
            if let line = fast.line(raw) { return .line(line) }
            let parsed = try parser.parse(rows.cells(of: raw), row: raw.number)
            if case .line(let line) = parsed { fast.remember(line, raw: raw) } else { fast.forget() }
            return parsed
        case .cells(let row, let cells):
            fast.forget()
            return try parser.parse(cells, row: row)
        }
    }
}

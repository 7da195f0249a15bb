import Kinerja
import Spreadsheet

/// The rows of a budget export as lines, total rows and skipped rows, in file order: plain CSV account rows that
/// repeat the context of the row before through `BudgetFastPath`, every other row through `BudgetRowParser`.
///
/// An importer that reads one scope (tahun, OPD) at a time puts back the first line of the next scope
/// (`putBack`) and reads it again when it starts that scope. A class: the importer's closures share one reader,
/// where a struct captured `inout` was copied whole at every row.
package final class BudgetFileReader {
    private var rows: ImportRows
    private var parser: BudgetRowParser
    private var fast: BudgetFastPath
    private var raw = RawRow()
    private var putBackItems: [BudgetRowParser.Parsed] = []

    package var columns: ColumnMap { rows.columns }
    /// Data rows read so far (lines, total rows and skipped rows).
    package var count: Int { rows.count }

    /// Decides the number columns' styles from the first rows, as the budget import reads them.
    package init(reader: any RowReader, file: String, isXLSX: Bool, tahun: Int?, kodeOPD: String?) throws {
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
    package func next() throws -> BudgetRowParser.Parsed? {
        if let item = putBackItems.popLast() { return item }
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

    /// Makes `item` the next one `next` returns.
    package func putBack(_ item: BudgetRowParser.Parsed) { putBackItems.append(item) }
}

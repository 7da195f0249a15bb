import Spreadsheet

/// A budget export's rows as `BudgetRowParser.Parsed` items, parsed ahead on a thread of its own
/// (`BudgetRowSource` in a `ReadAhead`) while the importer checks and writes the rows before them.
///
/// The header and the rows that decide the number styles are read in `init`, so a file without a header fails
/// there. An importer that reads one scope (tahun, OPD) at a time puts back the first line of the next scope
/// (`putBack`) and reads it again when it starts that scope. A class: the importer's closures share one reader.
package final class BudgetFileReader {
    package let columns: ColumnMap
    /// Data rows read so far (lines, total rows and skipped rows), up to the item `next` returned last.
    package private(set) var count = 0
    private let ahead: ReadAhead<(item: BudgetRowParser.Parsed, count: Int)>
    private var putBackItems: [BudgetRowParser.Parsed] = []

    /// Decides the number columns' styles from the first rows, as the budget import reads them.
    package init(reader: any RowReader, file: String, isXLSX: Bool, tahun: Int?, kodeOPD: String?) throws {
        var source = try BudgetRowSource(reader: reader, file: file, isXLSX: isXLSX, tahun: tahun, kodeOPD: kodeOPD)
        columns = source.columns
        // 384 batches (98 304 rows, about 30 MB): the reading goes on while a COPY of 32 scopes ends and their import
        // rows are written, where the 96 of the default filled and left the core idle.
        ahead = ReadAhead(name: "kinerja budget rows", batches: 384) {
            // Consumed into the pair: `map` would copy the item, retaining each of its strings and releasing them.
            guard let item = try source.next() else { return nil }
            return (consume item, source.count)
        }
    }

    /// The next row's meaning, or nil at the end of the file. Bad input throws `ImportInputError`.
    package func next() throws -> BudgetRowParser.Parsed? {
        if let item = putBackItems.popLast() { return item }
        guard let (item, count) = try ahead.next() else { return nil }
        self.count = count
        return item
    }

    /// Data rows the source has read, ahead of `count` by the rows parsed ahead: progress estimates made from the
    /// bytes read divide this by them, not `count` (which made early totals too low by up to a chunk and 96 batches).
    package var rowsRead: Int { max(count, ahead.handedOver) }

    /// Makes `item` the next one `next` returns.
    package func putBack(_ item: BudgetRowParser.Parsed) { putBackItems.append(item) }
}

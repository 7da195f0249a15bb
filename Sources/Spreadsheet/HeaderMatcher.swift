import Foundation

/// Finds the header row of a table below any title rows, matching column names loosely.
///
/// Names match when equal after `normalize` (case, accents, spaces, punctuation and underscores ignored), so
/// `Kode Sub Kegiatan`, `kode_sub_kegiatan` and `KODE SUB-KEGIATAN` are the same. Merged header cells are
/// handled this way: a horizontal merge leaves its text in the leftmost cell, which is where the column is
/// taken to be; for a header split over two rows (`Realisasi` over `2019` `2020`), each cell is also tried as
/// "upper text + own text" with the upper row's text carried right across blank (merged) cells, and otherwise
/// as the upper text alone (`Kode` merged over a blank, `Realisasi` over `2019`). Once a header row is found,
/// the row below is read too: if it names more columns when taken as the lower half of a two-row header, it is
/// the header row. If a name matches several columns, the leftmost wins.
public struct HeaderMatcher: Sendable {
    public let columns: [String: [String]]
    public let required: Set<String>
    /// How many rows from the top are searched.
    public let scanRows: Int
    private let aliases: [String: String]

    /// `columns` maps each canonical name to its aliases (the canonical name itself also matches);
    /// `required` names must all be found in the header row. With no required names, a row matching at least
    /// half of the known names is the header.
    public init(columns: [String: [String]], required: Set<String>, scanRows: Int = 30) {
        self.columns = columns
        self.required = required
        self.scanRows = scanRows
        var aliases: [String: String] = [:]
        for (canonical, names) in columns.sorted(by: { $0.key < $1.key }) {
            for name in [canonical] + names where aliases[Self.normalize(name)] == nil {
                aliases[Self.normalize(name)] = canonical
            }
        }
        self.aliases = aliases
    }

    /// Lowercased letters and digits only, accents removed: `KODE SUB-KEGIATAN` → `kodesubkegiatan`.
    public static func normalize(_ name: String) -> String {
        let folded = name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
        return String(folded.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    }

    /// Reads rows until the header row and returns it. The reader is left after the row below the header,
    /// which is in `HeaderMatch.firstRowBelow` (reading it tells a two-row header from the first data row).
    public func locate<Reader: RowReader>(in reader: inout Reader) throws(SpreadsheetError) -> HeaderMatch {
        var previous: SheetRow?
        var best: (row: Int, found: Set<String>)?
        var searched = 0
        while searched < scanRows, let row = try reader.next() {
            searched += 1
            // A parent row must sit directly above; a gap means the rows are not one header.
            let parent = previous.flatMap { $0.number == row.number - 1 ? $0.cells : nil }
            let found = match(row.cells, parent: parent)
            let names = Set(found.keys)
            if isHeader(names) {
                return try extend(
                    HeaderMatch(
                        rowNumber: row.number, columns: found, headerCells: row.cells,
                        firstRowBelow: nil), from: row, in: &reader)
            }
            if names.intersection(required).count > best.map({ $0.found.intersection(required).count }) ?? -1 {
                best = (row.number, names)
            }
            previous = row
        }
        let wanted = required.isEmpty ? Set(columns.keys) : required
        let missing = wanted.subtracting(best?.found ?? []).sorted().joined(separator: ", ")
        let bestRow = best.map { " (paling mirip: baris \($0.row))" } ?? ""
        throw SpreadsheetError(
            .headerNotFound, file: reader.displayName, row: best?.row,
            message: "tidak ada baris header di \(searched) baris pertama; kolom yang tidak ditemukan: "
                + missing + bestRow)
    }

    /// Reads the row below `header` and takes it as the header's lower half if that names more columns.
    private func extend<Reader: RowReader>(
        _ header: HeaderMatch, from row: SheetRow,
        in reader: inout Reader
    ) throws(SpreadsheetError) -> HeaderMatch {
        guard let below = try reader.next() else { return header }
        let found = below.number == row.number + 1 ? match(below.cells, parent: row.cells) : [:]
        if found.count > header.columns.count && isHeader(Set(found.keys)) {
            return HeaderMatch(
                rowNumber: below.number, columns: found, headerCells: below.cells,
                firstRowBelow: nil)
        }
        return HeaderMatch(
            rowNumber: header.rowNumber, columns: header.columns, headerCells: header.headerCells,
            firstRowBelow: below)
    }

    private func isHeader(_ names: Set<String>) -> Bool {
        if required.isEmpty { return names.count >= max(1, (columns.count + 1) / 2) }
        return required.isSubset(of: names)
    }

    private func match(_ cells: [String], parent: [String]?) -> [String: Int] {
        var found: [String: Int] = [:]
        var carried = ""
        for index in 0..<max(cells.count, parent?.count ?? 0) {
            let own = index < cells.count ? Self.normalize(cells[index]) : ""
            var candidates = [own]
            if let parent {
                let upper = index < parent.count ? Self.normalize(parent[index]) : ""
                if !upper.isEmpty { carried = upper }
                if !own.isEmpty { candidates.append(carried + own) }
                candidates.append(upper)
            }
            for candidate in candidates where !candidate.isEmpty {
                if let canonical = aliases[candidate], found[canonical] == nil {
                    found[canonical] = index
                    break
                }
            }
        }
        return found
    }
}

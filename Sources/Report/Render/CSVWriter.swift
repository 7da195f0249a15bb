/// Writes the report's tables as one CSV (RFC 4180: comma separated, CRLF line ends, fields quoted when they
/// hold a comma, quote, CR or LF, quotes doubled).
///
/// Layout: the tables one after another; each starts with a header row whose first cell is `section` and whose
/// other cells are the table's column titles, and each data row starts with the table's key (e.g.
/// `pengukuran`). Cells hold the same Indonesian-formatted text as the HTML ("1.398.477.701,00", "96,87%",
/// "belum tersedia (reason)"), because the CSV is meant for people opening it in a spreadsheet; programs should
/// read the JSON.
///
/// Formula injection: a cell that starts with `=`, `+`, `-`, `@`, tab or CR gets a leading `'` so spreadsheets
/// show it as text, unless the whole cell is a plain number such as the ones we format ("-34,18", "+1,25",
/// "96,87%"): digits and separators with at most a leading sign and a trailing `%` cannot be a formula, and a
/// `'` would turn a real negative number into text. The test is on the cell's text, not on where it came from,
/// so an input cell can never slip through by being marked numeric.
enum CSVWriter {
    static func write(_ tables: [TableView]) -> String {
        var out = ""
        for table in tables {
            writeRow(["section"] + table.columns.map(\.title), to: &out)
            for row in table.rows {
                let cells = row.cells.map { cell in
                    isPlainNumber(cell.plainText) ? cell.plainText : neutralise(cell.plainText)
                }
                writeRow([table.key] + cells, to: &out)
            }
        }
        return out
    }

    /// Prefixes text that a spreadsheet would run as a formula.
    static func neutralise(_ text: String) -> String {
        guard let first = text.unicodeScalars.first else { return text }
        return ["=", "+", "-", "@", "\t", "\r"].contains(first) ? "'" + text : text
    }

    /// True for text such as "-34,18", "+1,25", "96,87%", "1.398.477.701,00", "3." (a row number).
    static func isPlainNumber(_ text: String) -> Bool {
        var body = Substring(text)
        if body.first == "-" || body.first == "+" { body = body.dropFirst() }
        if body.last == "%" { body = body.dropLast() }
        return !body.isEmpty && body.first?.isNumber == true
            && body.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "." || $0 == ",") }
    }

    static func quote(_ field: String) -> String {
        let needsQuotes = field.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static func writeRow(_ fields: [String], to out: inout String) {
        out += fields.map(quote).joined(separator: ",")
        out += "\r\n"
    }
}

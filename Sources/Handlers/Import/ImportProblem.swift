import JobQueue
import Kinerja
import Spreadsheet

/// Turns bad input into the `PermanentJobError` that discards an import job: one message an operator can act on,
/// naming file, row (`baris`), column (`kolom`, by its canonical name and spreadsheet letter) and the offending
/// text, e.g. `rka-2020-rusak.csv baris 9, kolom anggaran (G): "2.67.338.000": pengelompokan ribuan tidak valid`.
enum ImportProblem {
    /// A problem with one cell.
    static func cell(
        file: String, row: Int, column: String, index: Int?, text: String?, reason: String
    ) -> PermanentJobError {
        var place = "\(file) baris \(row), kolom \(column)"
        if let index { place += " (\(letters(index + 1)))" }
        if let text { place += ": \"\(clip(text))\"" }
        // A reason may quote the offending character itself.
        return PermanentJobError(place + ": " + VisibleText.escaped(reason))
    }

    /// A number that could not be read.
    static func number(_ error: NumberError, file: String, row: Int, column: String, index: Int?) -> PermanentJobError {
        cell(file: file, row: row, column: column, index: index, text: error.text, reason: error.reason)
    }

    /// A problem with a whole row.
    static func row(file: String, row: Int, _ reason: String) -> PermanentJobError {
        PermanentJobError("\(file) baris \(row): \(reason)")
    }

    /// A problem with the file as a whole.
    static func file(_ file: String, _ reason: String) -> PermanentJobError {
        PermanentJobError("\(file): \(reason)")
    }

    /// What the spreadsheet reader rejected (encoding, quoting, archive, header), located the same way. A file that
    /// could not be read at all (the connection streaming the upload dropped, an I/O error) is no fault of the input:
    /// that error is not permanent, so the queue tries the job again.
    static func spreadsheet(_ error: SpreadsheetError) -> any Error {
        var place = error.file
        if let row = error.row { place += " baris \(row)" }
        if let column = error.column {
            place += "\(error.row == nil ? "" : ",") kolom \(error.columnName ?? letters(column))"
            if error.columnName != nil { place += " (\(letters(column)))" }
        }
        var message = place + ": " + VisibleText.escaped(error.message)
        if let text = error.text { message += ": \"\(clip(text))\"" }
        if error.kind == .unreadable { return UnreadableUpload(description: message) }
        return PermanentJobError(message)
    }

    /// An upload that could not be read this time; the job is retried.
    struct UnreadableUpload: Error, CustomStringConvertible {
        let description: String
    }

    /// Spreadsheet letters of a 1-based column number (7 → G, 28 → AB).
    static func letters(_ column: Int) -> String {
        var n = column
        var out = ""
        while n > 0 {
            let r = (n - 1) % 26
            out = String(UnicodeScalar(UInt8(65 + r))) + out
            n = (n - 1) / 26
        }
        return out
    }

    /// Offending text as quoted in a message: long cells are cut, line breaks shown as ⏎, other control
    /// characters escaped (the message reaches terminals and logs).
    static func clip(_ text: String) -> String {
        let flat = VisibleText.escaped(text.replacingOccurrences(of: "\r\n", with: "⏎"))
        return flat.count > 80 ? flat.prefix(80) + "…" : flat
    }
}

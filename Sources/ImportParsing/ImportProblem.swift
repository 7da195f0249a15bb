import Kinerja
import Spreadsheet

/// Bad input in an import file: retrying cannot help, so the job handler discards the job with this message.
public struct ImportInputError: Error, CustomStringConvertible, Sendable, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// An upload that could not be read this time (the connection streaming it dropped, an I/O error): no fault of
/// the input, so the job is tried again.
public struct UnreadableUpload: Error, CustomStringConvertible, Sendable {
    public let description: String
}

/// Turns bad input into an `ImportInputError`: one message an operator can act on,
/// naming file, row (`baris`), column (`kolom`, by its canonical name and spreadsheet letter) and the offending
/// text, e.g. `rka-2020-rusak.csv baris 9, kolom anggaran (G): "2.67.338.000": pengelompokan ribuan tidak valid`.
package enum ImportProblem {
    /// A problem with one cell.
    package static func cell(
        file: String, row: Int, column: String, index: Int?, text: String?, reason: String
    ) -> ImportInputError {
        var place = "\(file) baris \(row), kolom \(column)"
        if let index { place += " (\(CellReference.letters(index + 1)))" }
        if let text { place += ": \"\(clip(text))\"" }
        // A reason may quote the offending character itself.
        return ImportInputError(place + ": " + VisibleText.escaped(reason))
    }

    /// A number that could not be read.
    package static func number(_ error: NumberError, file: String, row: Int, column: String, index: Int?)
        -> ImportInputError
    {
        cell(file: file, row: row, column: column, index: index, text: error.text, reason: error.reason)
    }

    /// A problem with a whole row.
    package static func row(file: String, row: Int, _ reason: String) -> ImportInputError {
        ImportInputError("\(file) baris \(row): \(reason)")
    }

    /// A budget file with no line below its header.
    package static func noBudgetRows(_ file: String, headerRow: Int) -> ImportInputError {
        self.file(file, "tidak ada baris anggaran di bawah header (baris \(headerRow))")
    }

    /// A performance file with no Perjanjian Kinerja row below its header.
    package static func noPerformanceRows(_ file: String) -> ImportInputError {
        self.file(file, "tidak ada baris Perjanjian Kinerja (dokumen kosong atau PK) di bawah header")
    }

    /// An IKU file (`--iku`: the government's own indicators) that names OPDs.
    package static func ikuWithOPD(_ file: String) -> ImportInputError {
        Self.file(
            file,
            "berkas IKU memuat indikator pemerintah sendiri, tanpa OPD: hapus kolom kode_opd dan --opd, "
                + "atau impor tanpa --iku")
    }

    /// A problem with the file as a whole.
    package static func file(_ file: String, _ reason: String) -> ImportInputError {
        ImportInputError("\(file): \(reason)")
    }

    /// What the spreadsheet reader rejected (encoding, quoting, archive, header), located the same way. A file that
    /// could not be read at all (the connection streaming the upload dropped, an I/O error) is no fault of the input:
    /// that error is not permanent, so the queue tries the job again.
    package static func spreadsheet(_ error: SpreadsheetError) -> any Error {
        var place = error.file
        if let row = error.row { place += " baris \(row)" }
        if let column = error.column {
            place += "\(error.row == nil ? "" : ",") kolom \(error.columnName ?? CellReference.letters(column))"
            if error.columnName != nil { place += " (\(CellReference.letters(column)))" }
        }
        var message = place + ": " + VisibleText.escaped(error.message)
        if let text = error.text { message += ": \"\(clip(text))\"" }
        if error.kind == .unreadable { return UnreadableUpload(description: message) }
        return ImportInputError(message)
    }

    /// Offending text as quoted in a message: long cells are cut, line breaks shown as ⏎, other control
    /// characters escaped (the message reaches terminals and logs).
    package static func clip(_ text: String) -> String {
        let flat = VisibleText.escaped(text.replacingOccurrences(of: "\r\n", with: "⏎"))
        return flat.count > 80 ? flat.prefix(80) + "…" : flat
    }
}

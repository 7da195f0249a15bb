import Foundation
import Spreadsheet
import Testing

struct DetectionTests {
    @Test(arguments: [
        ("empty.csv", SpreadsheetError.Kind.emptyFile, "berkas kosong"),
        ("old.xls", .oldBinaryXLS, "berkas .xls biner lama: simpan sebagai XLSX atau CSV"),
        ("html.xls", .html, "berkas HTML, bukan lembar kerja (sering .xls hasil ekspor aplikasi web)"),
        ("garbage.bin", .binaryData, "data biner, bukan CSV"),
    ])
    func rejectsWhatIsNotASpreadsheet(file: String, kind: SpreadsheetError.Kind, message: String) {
        let error = Fixture.error { _ = try SpreadsheetFile.open(path: Fixture.path(file)) }
        #expect(error?.kind == kind)
        #expect(error?.message.hasPrefix(message) == true)
        #expect(error?.description.hasPrefix("\(file): ") == true)
    }

    @Test func kindComesFromContentNotExtension() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixture.path("realisasi.xlsx")))
        var reader = try SpreadsheetFile.open(data: data, displayName: "laporan.csv")
        #expect(try reader.next()?.cells == ["PEMERINTAH KABUPATEN CONTOH"])
    }

    @Test func truncatedXLSXIsAClearError() {
        let error = Fixture.error { _ = try Fixture.rows("truncated.xlsx") }
        #expect(error?.kind == .corruptArchive)
        #expect(error?.description.hasPrefix("truncated.xlsx: berkas XLSX rusak atau terpotong") == true)
    }

    @Test func corruptDeflateDataIsAClearError() throws {
        // Flip bytes inside the compressed sheet data while keeping the zip directory intact.
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Fixture.path("realisasi.xlsx"))))
        for index in stride(from: 200, to: bytes.count / 2, by: 7) { bytes[index] ^= 0x5A }
        let error = Fixture.error {
            var reader = try SpreadsheetFile.open(data: Data(bytes), displayName: "rusak.xlsx")
            _ = try Fixture.readAll(&reader)
        }
        #expect(error != nil)
        #expect(error?.file == "rusak.xlsx")
    }

    @Test func errorDescriptionFormat() {
        let error = SpreadsheetError(
            .invalidValue, file: "budget.csv", row: 7, column: 3, columnName: "anggaran",
            text: String(repeating: "9", count: 100), message: "not a number")
        #expect(
            error.description == "budget.csv baris 7, kolom 3 (anggaran): not a number: \""
                + String(repeating: "9", count: 80) + "…\"")
        #expect(error.columnLetter == "C")
    }
}

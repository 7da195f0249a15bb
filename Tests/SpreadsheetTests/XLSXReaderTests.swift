import Foundation
import Spreadsheet
import Testing

struct XLSXReaderTests {
    @Test func libreOfficeFileReadsExactNumberText() throws {
        let rows = try Fixture.rows("realisasi.xlsx")
        #expect(rows.map(\.number) == [1, 2, 4, 5, 6, 7, 8, 9])
        #expect(rows[0].cells == ["PEMERINTAH KABUPATEN CONTOH"])
        #expect(rows[2].cells == ["Kode Sub Kegiatan", "Nama Sub Kegiatan", "Anggaran", "Realisasi"])
        #expect(rows[3].cells == ["", "", "", "2019", "2020"])
        #expect(
            rows[4].cells == [
                "1.01.02.2.01.01", "Penyusunan Dokumen Perencanaan", "1464186757.5", "1000000",
                "1250000.75",
            ])
        #expect(rows[5].cells == ["1.01.02.2.01.02", "Koordinasi, Sinkronisasi & Evaluasi", "250000000", "0.001"])
        #expect(rows[6].cells[1] == "Pengadaan \"Barang\" Ibu Kota")
        #expect(rows[6].cells[2] == "12345678901234")
        // The JUMLAH row's formulas give their cached results.
        #expect(rows[7].cells == ["JUMLAH", "", "12347393087991.5", "1000000.001", "241250000.75"])
    }

    @Test func sheetByNameAndDatesAsSerialNumbers() throws {
        let rows = try Fixture.rows("realisasi.xlsx", sheet: "catatan")
        #expect(rows.map(\.cells) == [["Tanggal", "44196"], ["Benar", "1"]])
    }

    @Test func missingSheetListsTheSheets() {
        let error = Fixture.error { _ = try Fixture.rows("realisasi.xlsx", sheet: "Lampiran") }
        #expect(error?.kind == .sheetNotFound)
        #expect(error?.message == "tidak ada sheet dengan nama ini; sheet yang ada: \"Realisasi\", \"Catatan\"")
    }

    @Test func handmadeFeatures() throws {
        var reader = try SpreadsheetFile.open(path: Fixture.path("handmade.xlsx"))
        // The hidden first sheet is skipped; the sheet part is found through an absolute relationship target.
        #expect(try reader.next() == SheetRow(number: 1, cells: ["Kode", "", "Nama Kegiatan"]))
        #expect(
            try reader.next()
                == SheetRow(
                    number: 3,
                    cells: [
                        "1.2E-3", "<teks> & é€", "", "TRUE", "#N/A",
                        "a\rb",
                    ]))
        let error = Fixture.error { _ = try reader.next() }
        #expect(error?.kind == .missingFormulaValue)
        #expect(
            error?.description == "handmade.xlsx baris 4, kolom 1 (A): rumus tidak memiliki hasil tersimpan; buka "
                + "berkas di program lembar kerja lalu simpan ulang: \"=1+1\"")
    }

    @Test func formulaCellsUseCachedValues() throws {
        let rows = try Fixture.rows("formula.xlsx")
        #expect(rows.map(\.cells) == [["Nilai"], ["10"], ["20"], ["#DIV/0!"], ["ab"]])
    }

    @Test func formulaCellsCanBeRejected() {
        let error = Fixture.error {
            _ = try Fixture.rows("formula.xlsx", options: ReaderOptions(formulaPolicy: .reject))
        }
        #expect(error?.kind == .formulaRejected)
        #expect(error?.row == 3)
        #expect(error?.column == 1)
        #expect(error?.text == "=A2*2")
    }

    @Test func readerCanBeDroppedMidSheet() throws {
        for _ in 0..<20 {
            var reader = try SpreadsheetFile.open(path: Fixture.path("realisasi.xlsx"))
            _ = try reader.next()
        }
    }
}

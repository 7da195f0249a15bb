import Spreadsheet
import Testing

struct HeaderMatcherTests {
    static let matcher = HeaderMatcher(
        columns: [
            "kode": ["Kode Sub Kegiatan", "kode_sub_kegiatan"], "nama": ["Nama Sub Kegiatan"],
            "anggaran": ["Pagu"], "realisasi_2020": ["Realisasi 2020"], "realisasi": [],
        ],
        required: ["kode", "anggaran"])

    @Test func normalisation() {
        #expect(HeaderMatcher.normalize("Kode Sub Kegiatan") == "kodesubkegiatan")
        #expect(HeaderMatcher.normalize("kode_sub_kegiatan") == "kodesubkegiatan")
        #expect(HeaderMatcher.normalize(" KODE SUB-KEGIATAN\n") == "kodesubkegiatan")
        #expect(HeaderMatcher.normalize("Uraian (Rp.) Éé") == "uraianrpee")
    }

    @Test func semicolonCSVHeaderBelowTitleRows() throws {
        let reader = try SpreadsheetFile.open(path: Fixture.path("semicolon.csv"))
        var table = try TableReader(reader: reader, matcher: Self.matcher)
        #expect(table.header.rowNumber == 4)
        #expect(table.header.columns == ["kode": 0, "nama": 1, "anggaran": 2, "realisasi": 3])
        var records: [TableRecord] = []
        while let record = try table.next() { records.append(record) }
        #expect(records.map(\.number) == [5, 6, 8])
        #expect(records[0]["anggaran"] == "1.464.186.757,50")
        #expect(records[2]["kode"] == "JUMLAH")
        #expect(records[0]["realisasi_2020"] == nil)
        let error = records[1].error("anggaran", "not a number")
        #expect(error.description == "semicolon.csv baris 6, kolom 3 (Anggaran): not a number: \"250.000.000,00\"")
    }

    @Test func xlsxHeaderOverTwoMergedRows() throws {
        let reader = try SpreadsheetFile.open(path: Fixture.path("realisasi.xlsx"))
        var table = try TableReader(reader: reader, matcher: Self.matcher)
        #expect(table.header.rowNumber == 5)
        // "Realisasi" is merged over D4:E4, so it names D; "Realisasi 2020" is the header of E.
        #expect(table.header.columns == ["kode": 0, "nama": 1, "anggaran": 2, "realisasi": 3, "realisasi_2020": 4])
        let first = try #require(try table.next())
        #expect(first.number == 6)
        #expect(first["anggaran"] == "1464186757.5")
        #expect(first["realisasi_2020"] == "1250000.75")
        var last = first
        while let record = try table.next() { last = record }
        #expect(last.number == 9)
        #expect(last.cells[0] == "JUMLAH")
    }

    @Test func singleHeaderRowWithMergedBlanks() throws {
        let rows = [
            SheetRow(number: 1, cells: ["Judul"]),
            SheetRow(number: 2, cells: ["Kode", "", "Uraian", "", "Pagu"]),
            SheetRow(number: 3, cells: ["1", "", "x", "", "5"]),
        ]
        var reader = ArrayReader(rows: rows)
        let match = try HeaderMatcher(columns: ["kode": [], "uraian": [], "pagu": []], required: [])
            .locate(in: &reader)
        #expect(match.rowNumber == 2)
        #expect(match.columns == ["kode": 0, "uraian": 2, "pagu": 4])
        #expect(match.firstRowBelow?.number == 3)
        #expect(try reader.next() == nil)
    }

    @Test func missingRequiredColumnsAreNamed() throws {
        let reader = try SpreadsheetFile.open(path: Fixture.path("comma.csv"))
        let error = Fixture.error { _ = try TableReader(reader: reader, matcher: Self.matcher) }
        #expect(error?.kind == .headerNotFound)
        #expect(
            error?.description == "comma.csv baris 1: tidak ada baris header di 4 baris pertama; kolom yang tidak "
                + "ditemukan: anggaran (paling mirip: baris 1)")
    }
}

/// Rows from memory, for matcher tests that need exact shapes.
struct ArrayReader: RowReader {
    var rows: [SheetRow]
    var displayName: String { "array" }

    mutating func next() throws(SpreadsheetError) -> SheetRow? {
        rows.isEmpty ? nil : rows.removeFirst()
    }
}

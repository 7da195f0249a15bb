import Foundation
import Testing

@testable import Spreadsheet

struct CSVReaderTests {
    @Test func commaFileWithQuotesAndCRLF() throws {
        let rows = try Fixture.rows("comma.csv")
        #expect(
            rows == [
                SheetRow(number: 1, cells: ["kode", "nama", "nilai"]),
                SheetRow(number: 2, cells: ["1", "Satu, dua", "100"]),
                SheetRow(number: 3, cells: ["2", "Baris \"kutip\"\r\nbaru", "200.5"]),
                SheetRow(number: 5, cells: ["3", "", ""]),
            ])
    }

    @Test func semicolonFileWithDecimalCommas() throws {
        let rows = try Fixture.rows("semicolon.csv")
        #expect(rows[0] == SheetRow(number: 1, cells: ["LAPORAN REALISASI ANGGARAN"]))
        #expect(rows[2] == SheetRow(number: 3, cells: [""]))
        #expect(rows[3].cells == ["Kode Sub Kegiatan", "NAMA SUB-KEGIATAN", "Anggaran", "Realisasi"])
        #expect(
            rows[5]
                == SheetRow(
                    number: 6,
                    cells: [
                        "1.01.02.2.01.02", "Koordinasi; Sinkronisasi",
                        "250.000.000,00", "0,00",
                    ]))
    }

    @Test func byteOrderMarkIsDropped() throws {
        let rows = try Fixture.rows("bom.csv")
        #expect(rows.map(\.cells) == [["kode", "nama"], ["1", "Élan Ëa"]])
    }

    @Test func windows1252IsConverted() throws {
        let rows = try Fixture.rows("cp1252.csv")
        #expect(rows.map(\.cells) == [["kode", "nama"], ["1", "Café Noël € 5"]])
    }

    @Test func lateWindows1252ByteAfterUTF8Start() throws {
        // The first 64 KiB are ASCII, so the file starts as UTF-8; the invalid byte later must still convert.
        var bytes = Array("a,b\n".utf8)
        for _ in 0..<20_000 { bytes += Array("x,y\n".utf8) }
        bytes += [0x45, 0x6E, 0x2C, 0xE9, 0x74, 0xE9, 0x0A]  // "En,été" in Windows-1252
        let rows = try Fixture.rows(data: Data(bytes))
        #expect(rows.last == SheetRow(number: 20_002, cells: ["En", "été"]))
    }

    @Test func utf8SplitAcrossChunksIsKept() throws {
        let padding = String(repeating: "x", count: 64 * 1024 - 5)
        let text = "a,\(padding)é\nb,ü\n"
        let rows = try Fixture.rows(data: Data(text.utf8))
        #expect(rows.map(\.cells) == [["a", padding + "é"], ["b", "ü"]])
    }

    @Test func bareCarriageReturnsAndTabs() throws {
        let rows = try Fixture.rows(data: Data("a\tb\rc\t\"d\re\"\r\rf\tg".utf8))
        #expect(
            rows == [
                SheetRow(number: 1, cells: ["a", "b"]),
                SheetRow(number: 2, cells: ["c", "d\re"]),
                SheetRow(number: 4, cells: [""]),
                SheetRow(number: 5, cells: ["f", "g"]),
            ])
    }

    @Test func raggedRowsAreReturnedAsTheyAre() throws {
        let rows = try Fixture.rows(data: Data("a,b,c\n1\n1,2,3,4\n".utf8))
        #expect(rows.map(\.cells.count) == [3, 1, 4])
    }

    @Test func delimiterDetectionPrefersTheConsistentOne() {
        let text = "Judul laporan\nkode;nilai;sisa\n1;2,5;3\n2;4,25;1,5\n"
        #expect(CSVReader.detectDelimiter(Array(text.utf8)[...]) == UInt8(ascii: ";"))
        #expect(CSVReader.detectDelimiter(Array("a,\"x;y;z\",c\n1,2,3\n".utf8)[...]) == UInt8(ascii: ","))
        #expect(CSVReader.detectDelimiter(Array("satu kolom\n".utf8)[...]) == UInt8(ascii: ","))
    }

    @Test func unterminatedQuoteNamesTheRowWhereItStarted() {
        let error = Fixture.error { _ = try Fixture.rows("unterminated.csv") }
        #expect(error?.kind == .unterminatedQuote)
        #expect(error?.row == 3)
        #expect(error?.column == 2)
        #expect(
            error?.description.hasPrefix("unterminated.csv baris 3, kolom 2 (B): sel berkutip tidak pernah") == true)
    }

    @Test func textAfterClosingQuoteIsAnError() {
        let error = Fixture.error { _ = try Fixture.rows(data: Data("a,b\n1,\"12\" inch\n".utf8)) }
        #expect(error?.kind == .malformedQuote)
        #expect(error?.row == 2)
        #expect(error?.column == 2)
    }

    @Test func tenMegabyteCellIsRejectedWithRowAndColumn() throws {
        let error = try Fixture.errorReadingBigRow(
            head: "kode,uraian\n1,ok\n2,\"", byte: UInt8(ascii: "x"), megabytes: 10, tail: "\"\n", name: "besar.csv")
        #expect(error?.kind == .cellTooLarge)
        #expect(error?.row == 3)
        #expect(error?.column == 2)
        #expect((error?.text?.count ?? 0) <= SpreadsheetError.maxTextLength + 1)
        #expect(error?.description.hasPrefix("besar.csv baris 3, kolom 2 (B): sel lebih besar dari 1048576") == true)
    }

    @Test func inMemoryAndFileReadTheSame() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixture.path("semicolon.csv")))
        #expect(try Fixture.rows(data: data) == Fixture.rows("semicolon.csv"))
    }
}

/// Hands out a byte string in pieces of a given size.
private final class PiecesSource: ChunkSource {
    private let data: Data
    private let size: Int
    private var offset = 0

    init(_ data: Data, size: Int) {
        self.data = data
        self.size = size
    }

    func nextChunk() throws -> Data? {
        guard offset < data.count else { return nil }
        defer { offset += size }
        return data.subdata(in: offset..<min(offset + size, data.count))
    }
}

@Suite("CSV records read whole and through the state machine")
struct PlainRecordTests {
    static func rows(_ text: String, pieces: Int) throws -> [SheetRow] {
        let reader = try CSVReader(
            source: PiecesSource(Data(text.utf8), size: pieces), displayName: "t.csv",
            options: ReaderOptions(delimiter: UInt8(ascii: ",")))
        var rows: [SheetRow] = []
        while let row = try reader.next() { rows.append(row) }
        return rows
    }

    @Test("a record read in one go gives the cells and row numbers the state machine gives")
    func sameAsStateMachine() throws {
        var seed: UInt64 = 7
        func pick(_ n: UInt64) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % n)
        }
        let cells = [
            "", "2024", "8.01.01.2.01.0001", "\"1.000,50\"", "\"a, b\"", "Belanja \"Modal\"", "\"say \"\"hi\"\"\"",
            "\"two\nlines\"", " spaced ", "Café", "\"\"", "x\ty",
        ]
        let ends = ["\n", "\r\n", "\r"]
        var text = ""
        // Past the first chunk (1 MiB, which the reader takes whole to detect the encoding and delimiter), the
        // piecemeal reader sees 5-byte chunks, so no record lies whole in one and all go through the state machine.
        for _ in 0..<60_000 {
            let count = 1 + pick(6)
            text += (0..<count).map { _ in cells[pick(UInt64(cells.count))] }.joined(separator: ",")
            text += ends[pick(UInt64(ends.count))]
        }
        text += "last,row"
        let whole = try Self.rows(text, pieces: 1 << 20)
        let piecemeal = try Self.rows(text, pieces: 5)
        #expect(whole.count == piecemeal.count)
        #expect(whole.count > 59_000)  // a lone CR then an empty record reads as one CRLF
        #expect(whole == piecemeal)
        #expect(whole.last == SheetRow(number: whole.last!.number, cells: ["last", "row"]))
    }
}

import Foundation
import Testing

@testable import Spreadsheet

/// The reader's limits: a hostile or broken file stops with an error naming the limit, memory bounded.
@Suite("reader limits: rows, parts and shared strings")
struct LimitTests {
    @Test("a CSV row of twenty million delimiters stops at the cell limit, the row named")
    func delimiters() throws {
        let error = try Fixture.errorReadingBigRow(
            head: "kode,uraian,anggaran\n1,A,100\n", byte: UInt8(ascii: ","), megabytes: 20, tail: "\n",
            name: "koma.csv")
        #expect(error?.kind == .tooLarge)
        #expect(error?.row == 3)
        #expect(error?.message.hasPrefix("baris berisi lebih dari 16384 sel") == true, "\(String(describing: error))")
    }

    @Test("a CSV row over the row's byte limit stops")
    func rowBytes() throws {
        let cells = Array(repeating: String(repeating: "x", count: 100), count: 20).joined(separator: ",")
        let error = Fixture.error {
            _ = try Fixture.rows(data: Data("a,b\n\(cells)\n".utf8), options: ReaderOptions(maxRowBytes: 1000))
        }
        #expect(error?.kind == .tooLarge)
        #expect(error?.message.hasPrefix("baris lebih besar dari 1000 bita") == true, "\(String(describing: error))")
    }

    @Test("an XLSX sheet part that decompresses past its limit stops, the part named")
    func sheetPart() throws {
        let error = Fixture.error { _ = try Fixture.rows("realisasi.xlsx", options: ReaderOptions(maxSheetBytes: 500)) }
        #expect(error?.kind == .tooLarge)
        #expect(error?.message.contains("lebih besar dari 500 bita setelah didekompresi (bom zip") == true)
        #expect(error?.message.contains("bagian xl/") == true, "\(String(describing: error))")
    }

    @Test("XLSX shared strings past their count, a cell past the last column, a part read whole past its limit")
    func xlsxLimits() throws {
        let strings = Fixture.error {
            _ = try Fixture.rows("realisasi.xlsx", options: ReaderOptions(maxSharedStrings: 2))
        }
        #expect(strings?.kind == .tooLarge)
        #expect(strings?.message.hasPrefix("lebih dari 2 teks bersama") == true, "\(String(describing: strings))")
        let columns = Fixture.error {
            _ = try Fixture.rows("realisasi.xlsx", options: ReaderOptions(maxCellsPerRow: 2))
        }
        #expect(columns?.kind == .tooLarge)
        #expect(columns?.message.contains("di luar 2 kolom lembar kerja") == true, "\(String(describing: columns))")
        let small = Fixture.error {
            _ = try Fixture.rows("realisasi.xlsx", options: ReaderOptions(maxSmallPartBytes: 100))
        }
        #expect(small?.kind == .tooLarge)
        #expect(small?.message.contains("lebih besar dari 100 bita setelah didekompresi") == true)
    }
}

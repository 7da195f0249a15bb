import Foundation
import Spreadsheet
import Testing

/// Reads generated files far bigger than the reader's buffers, across many chunk boundaries.
@Suite(.serialized) struct StreamingTests {
    @Test func bigCSVReadsAcrossChunks() throws {
        // Memory is checked in a process of its own (Tests/CLITests/ReaderMemoryTests.swift): this process runs
        // other tests beside this one.
        let rowCount = 200_000
        let url = try Fixture.temporaryFile { handle in
            try handle.write(contentsOf: Data("kode;uraian;anggaran;realisasi\n".utf8))
            var batch = ""
            for index in 1...rowCount {
                batch +=
                    "1.01.02.2.01.\(index);\"Kegiatan nomor \(index); uraian panjang\";"
                    + "\(index)500000,25;\(index)\n"
                if index % 10_000 == 0 {
                    try handle.write(contentsOf: Data(batch.utf8))
                    batch = ""
                }
            }
        }
        defer { try? FileManager.default.removeItem(at: url) }

        var reader = try SpreadsheetFile.open(path: url.path)
        var count = 0
        var last: SheetRow?
        while let row = try reader.next() {
            count += 1
            last = row
        }
        #expect(count == rowCount + 1)
        #expect(
            last
                == SheetRow(
                    number: rowCount + 1,
                    cells: [
                        "1.01.02.2.01.\(rowCount)",
                        "Kegiatan nomor \(rowCount); uraian panjang",
                        "\(rowCount)500000,25", "\(rowCount)",
                    ]))
    }
}

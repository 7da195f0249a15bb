import Foundation
import Spreadsheet
import Testing

/// Reads generated files far bigger than the reader's buffers and checks memory does not follow file size.
@Suite(.serialized) struct StreamingTests {
    /// Peak resident memory of this process in KiB (Linux), or nil where /proc is missing.
    static func peakMemoryKiB() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return nil }
        return Int(line.split(separator: " ").dropFirst().first ?? "")
    }

    @Test func bigCSVStreamsWithFlatMemory() throws {
        // Big enough (about 64 MB) that the growth allowed below stays far above what tests running beside this one
        // add to the process's peak.
        let rowCount = 800_000
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
        let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int ?? 0

        let before = Self.peakMemoryKiB()
        var reader = try SpreadsheetFile.open(path: url.path)
        var count = 0
        var last: SheetRow?
        while let row = try reader.next() {
            count += 1
            last = row
        }
        let after = Self.peakMemoryKiB()
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
        if let before, let after {
            // The file is ~17 MB; reading it must not raise the peak by anything near that.
            #expect(after - before < size / 1024 / 4, "peak grew \(after - before) KiB for a \(size / 1024) KiB file")
        }
    }
}

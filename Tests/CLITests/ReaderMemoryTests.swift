import Foundation
import TestSupport
import Testing

@Suite("Streaming readers keep memory flat")
struct ReaderMemoryTests {
    /// A SIPD-like CSV of `rows` rows with quoted cells.
    private func csv(rows: Int) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(TestDatabase.uniqueName("big") + ".csv")
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.write(contentsOf: Data("kode;uraian;anggaran;realisasi\n".utf8))
        var batch = ""
        for i in 1...rows {
            batch += "1.01.02.2.01.\(i);\"Kegiatan nomor \(i); uraian panjang\";\(i)500000,25;\(i)\n"
            if i % 20_000 == 0 {
                try handle.write(contentsOf: Data(batch.utf8))
                batch = ""
            }
        }
        try handle.write(contentsOf: Data(batch.utf8))
        return url
    }

    /// Peak memory of `kinerja bench read` on the file, measured in a process that does nothing else.
    private func peakMB(_ url: URL) throws -> (rows: Int, peak: Double) {
        let out = try CLIRunner(url: "").run(["bench", "read", url.path, "--json"])
        #expect(out.status == 0, "\(out.stderr)")
        let json = try #require(try CLIRunner.json(out.stdout) as? [String: Any])
        let peak = try #require(json["peak_rss_mb"] as? Double)
        #expect(peak > 0)
        return (try #require(json["rows"] as? Int), peak)
    }

    @Test("reading a file four times larger does not raise peak memory by more than a few MB")
    func flat() throws {
        let small = try csv(rows: 200_000)
        let large = try csv(rows: 800_000)
        defer {
            try? FileManager.default.removeItem(at: small)
            try? FileManager.default.removeItem(at: large)
        }
        let a = try peakMB(small)
        let b = try peakMB(large)
        #expect(a.rows == 200_001 && b.rows == 800_001)
        // About 16 MB and 64 MB of CSV: a reader that held the file would grow by about 48 MB.
        #expect(b.peak - a.peak < 8, "peak \(a.peak) MB for 16 MB of CSV, \(b.peak) MB for 64 MB")
    }
}

import Foundation
import JobQueue
import Producers
import TestSupport
import Testing
import ZIPFoundation

/// Files made to take a worker down: each fails its own job for good, with a message, and the worker goes on.
@Suite("import: hostile files fail their own job only")
struct HostileFileTests {
    /// An XLSX whose first row has 20 000 cells without references: read as they come, they would grow one row
    /// without bound. (The shared-strings and zip-bomb limits are tested on the reader with small limits: at their
    /// real size they take a debug build tens of seconds.)
    static func wideRow(_ path: String) throws {
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        func add(_ name: String, _ text: String) throws {
            let data = Data(text.utf8)
            try archive.addEntry(
                with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate
            ) { position, size in data.subdata(in: Int(position)..<Int(position) + size) }
        }
        let ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        try add(
            "_rels/.rels",
            "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"r1\" Type=\"\(rel)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>")
        try add(
            "xl/workbook.xml",
            "<workbook xmlns=\"\(ns)\" xmlns:r=\"\(rel)\"><sheets><sheet name=\"A\" sheetId=\"1\" r:id=\"r1\"/></sheets></workbook>"
        )
        try add(
            "xl/_rels/workbook.xml.rels",
            "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"r1\" Type=\"\(rel)/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"
        )
        try add(
            "xl/worksheets/sheet1.xml",
            "<worksheet xmlns=\"\(ns)\"><sheetData><row r=\"1\">"
                + String(repeating: "<c t=\"inlineStr\"><is><t>x</t></is></c>", count: 20_000)
                + "</row></sheetData></worksheet>")
    }

    @Test("a row of a million delimiters, a row of 20 000 XLSX cells and a performance file past its row limit")
    func hostile() throws {
        let kit = try ImportTestKit("hostile")
        defer { kit.cleanup() }
        let header = "tahun,kode_opd,nama_program,anggaran,realisasi\n"
        let delimiters = try kit.write(
            "koma.csv",
            header + "2024,\(kit.kode),Program A,1.000,900\n" + String(repeating: ",", count: 1_000_000) + "\n")
        let bomb = kit.dir.appendingPathComponent("kolom.xlsx").path
        try Self.wideRow(bomb)
        var performance = "tahun,kode_opd,sasaran,indikator,satuan,target,realisasi\n"
        for i in 0...50_000 { performance += "2024,\(kit.kode),S,Indikator \(i),%,90,80\n" }
        let big = try kit.write("kinerja.csv", performance)
        let hostile = [
            try kit.enqueueUnchecked(delimiters, kind: JobKind.importRKA),
            try kit.enqueueUnchecked(bomb, kind: JobKind.importRKA),
            try kit.enqueueUnchecked(big, kind: JobKind.importKinerja),
        ]
        let good = try kit.enqueueRKA(try kit.demoFile("rka-2020.csv")).jobID
        kit.runWorkers(concurrency: 1)
        #expect(try kit.job(good).state == .completed)
        let expected = [
            "koma.csv baris 3: baris berisi lebih dari 16384 sel",
            "kolom.xlsx baris 1, kolom XFE: sel di kolom 16385, di luar 16384 kolom lembar kerja; berkas rusak",
            "kinerja.csv: lebih dari 50.000 baris: berkas kinerja memuat indikator",
        ]
        for (id, message) in zip(hostile, expected) {
            let job = try kit.job(id)
            #expect(job.state == .discarded)
            #expect(job.attempt == 1, "a permanent failure, not retried")
            let error = try kit.lastError(id)
            #expect(error.contains(message), "\(error)")
        }
    }
}

import Foundation
import TestSupport
import Testing
import ZIPFoundation

/// Finance offices' XLSX files print penyerapan in cells formatted as percentages: the file stores 0.9551 for the
/// 95,51 % the sheet shows.
@Suite("import_rka: percentages in XLSX cells formatted as %")
struct PercentXLSXImportTests {
    /// A budget sheet whose `persen` cells are numbers formatted `0.00%` (cell format 1).
    static func write(_ path: String, kode: String, rows: [(String, String, String, String)]) throws {
        let ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        func text(_ ref: String, _ value: String) -> String {
            "<c r=\"\(ref)\" t=\"inlineStr\"><is><t>\(value)</t></is></c>"
        }
        var sheet = "<worksheet xmlns=\"\(ns)\"><sheetData><row r=\"1\">"
        for (i, name) in ["tahun", "kode_opd", "nama_program", "anggaran", "realisasi", "persen"].enumerated() {
            sheet += text("\(["A", "B", "C", "D", "E", "F"][i])1", name)
        }
        sheet += "</row>"
        for (i, row) in rows.enumerated() {
            let r = i + 2
            sheet +=
                "<row r=\"\(r)\"><c r=\"A\(r)\"><v>2024</v></c>\(text("B\(r)", kode))\(text("C\(r)", row.0))"
                + "<c r=\"D\(r)\"><v>\(row.1)</v></c><c r=\"E\(r)\"><v>\(row.2)</v></c>"
                + "<c r=\"F\(r)\" s=\"1\"><v>\(row.3)</v></c></row>"
        }
        sheet += "</sheetData></worksheet>"
        let parts = [
            (
                "_rels/.rels",
                "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                    + "<Relationship Id=\"r1\" Type=\"\(rel)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
            ),
            (
                "xl/workbook.xml",
                "<workbook xmlns=\"\(ns)\" xmlns:r=\"\(rel)\"><sheets><sheet name=\"APBD\" sheetId=\"1\" r:id=\"r1\"/>"
                    + "</sheets></workbook>"
            ),
            (
                "xl/_rels/workbook.xml.rels",
                "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                    + "<Relationship Id=\"r1\" Type=\"\(rel)/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
                    + "<Relationship Id=\"r2\" Type=\"\(rel)/styles\" Target=\"styles.xml\"/></Relationships>"
            ),
            (
                "xl/styles.xml",
                "<styleSheet xmlns=\"\(ns)\"><cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"10\"/></cellXfs>"
                    + "</styleSheet>"
            ),
            ("xl/worksheets/sheet1.xml", sheet),
        ]
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        for (name, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(
                with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate
            ) { position, size in data.subdata(in: Int(position)..<Int(position) + size) }
        }
    }

    @Test("0.9551 formatted as % is the 95,51 % printed: no finding; a wrong one is named with the value shown")
    func percentCells() throws {
        let kit = try ImportTestKit("pct")
        defer { kit.cleanup() }
        let path = kit.dir.appendingPathComponent("apbd.xlsx").path
        try Self.write(
            path, kode: kit.kode,
            rows: [("Program A", "1000000", "955100", "0.9551"), ("Program B", "1000000", "900000", "0.95")])
        let id = try kit.enqueueRKA(path).jobID
        kit.runWorkers()
        let job = try kit.job(id)
        #expect(job.state == .completed, "\(job.errors)")
        let pesan = try kit.conn.query("SELECT pesan FROM kinerja.temuan WHERE kode_opd = \(kit.kode)").rows.map {
            try $0.decode(0, as: String.self)
        }
        #expect(pesan.count == 1, "\(pesan)")
        #expect(pesan.first?.contains("Program B: persentase tercetak 95%, hasil hitung 90,00%") == true, "\(pesan)")
    }
}

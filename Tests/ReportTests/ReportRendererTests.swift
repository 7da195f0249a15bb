import Foundation
import TestSupport
import Testing

@testable import Report

@Suite("Rendering the seed LKIP")
struct ReportRendererTests {
    let renderer: ReportRenderer
    let report = SeedReport.make()

    init() throws {
        renderer = try ReportRenderer()
    }

    func text(_ format: ReportFormat, _ report: LKIPReport? = nil) throws -> String {
        let data = try renderer.render(report ?? self.report, as: format)
        if report == nil { try OutputDump.write(data, name: "seed.\(format.rawValue)") }
        return String(decoding: data, as: UTF8.self)
    }

    @Test("HTML shows the seed's figures in Indonesian style")
    func htmlFigures() throws {
        let html = try text(.html)
        for figure in [
            "13,33%", "90,00%", "21,74%", "100,00%", "89,76%", "95,51%", "97,15%", "96,87%",
            "1.464.186.757,50", "1.398.477.701,00", "6.406.712.635,13", "267.338.000,00",
        ] {
            #expect(html.contains(figure), "missing \(figure)")
        }
        #expect(html.contains("Persentase tercetak 97,00 untuk Belanja Tidak Langsung berbeda dari hasil hitung 96,87"))
        #expect(!html.contains("2.67.338.000,00"))
    }

    @Test("A missing capaian reads 'belum tersedia' with its reason, never 0")
    func htmlMissing() throws {
        let html = try text(.html)
        let row = try #require(tableRow(in: html, table: "pengukuran", containing: "Indeks Toleransi"))
        #expect(row.contains("belum tersedia"))
        #expect(row.contains("realisasi belum tersedia"))
        #expect(!row.contains("0,00%"))
        // The chart draws it as a hatched placeholder with the words, not as a zero-length bar.
        #expect(html.contains("class=\"bar-missing\""))
        // "belum tersedia" is said once: a reason that already says it stands alone.
        #expect(!html.contains("belum tersedia — realisasi belum tersedia"))
        #expect(html.contains(">realisasi belum tersedia</text>"))
    }

    @Test("Sasaran mean counts 5 indicators and names the one left out")
    func sasaranMean() throws {
        let html = try text(.html)
        // (13,33 + 90 + 21,74 + 100 + 89,76) / 5 computed unrounded = 62,97
        #expect(html.contains("62,97%"))
        #expect(html.contains("Indeks Toleransi: realisasi belum tersedia"))
    }

    @Test("Input text is escaped in HTML tables and in SVG text")
    func htmlEscaping() throws {
        var report = report
        report.measurements[0].indikator = "<script>alert(1)</script>"
        report.budgetByProgram.rows[0].nama = "\"><svg onload=alert(2)>"
        report.opd.nama = "A & B <b>"
        let html = try text(.html, report)
        #expect(!html.contains("<script"))
        #expect(!html.contains("<svg onload"))
        #expect(!html.contains("<b>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("A &amp; B &lt;b&gt;"))
        // The chart label is the same text, escaped inside the SVG <text> element.
        #expect(html.contains("\">1. &lt;script&gt;alert(1)&lt;/script&gt;</text>"))
        #expect(html.contains("&quot;&gt;&lt;svg onload=alert(2)&gt;"))
        let md = try text(.md, report)
        #expect(!md.contains("<script"))
        let csv = try text(.csv, report)
        #expect(csv.contains("<script>alert(1)</script>"), "CSV carries text as is; it is not HTML")
    }

    @Test("HTML is self-contained: no external references of any kind")
    func htmlSelfContained() throws {
        let html = try text(.html)
        for forbidden in ["http://", "https://", "src=", "<link", "@import", "<script", "<img", "<iframe"] {
            #expect(!html.contains(forbidden), "found \(forbidden)")
        }
        // url(...) only to ids inside the document (the hatch patterns).
        var rest = Substring(html)
        while let range = rest.range(of: "url(") {
            #expect(rest[range.upperBound...].hasPrefix("#"))
            rest = rest[range.upperBound...]
        }
        #expect(html.contains("@page { size: A4;"))
        #expect(html.contains("display: table-header-group"))
    }

    @Test("Markdown has the same tables, with input escaped")
    func markdown() throws {
        var report = report
        report.measurements[1].indikator = "a|b *c* _d_ `e` <i>"
        let md = try text(.md, report)
        #expect(md.contains("| 1. | Meningkatnya toleransi di kalangan masyarakat | 1. | "))
        #expect(md.contains("13,33%"))
        #expect(md.contains("96,87%"))
        #expect(md.contains("a\\|b \\*c\\* \\_d\\_ \\`e\\` &lt;i&gt;"))
        #expect(md.contains("| realisasi belum tersedia |"))
        #expect(!md.contains("belum tersedia (realisasi belum tersedia)"))
        #expect(!md.contains("&amp;lt;"), "escaped twice")
        // Every table line has as many cells as its header.
        for block in md.components(separatedBy: "\n\n") where block.hasPrefix("|") {
            let lines = block.split(separator: "\n").filter { $0.hasPrefix("|") }
            let counts = Set(
                lines.map { line in
                    line.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count
                })
            #expect(counts.count == 1, "ragged table: \(lines.first ?? "")")
        }
    }

    @Test("CSV neutralises formulas from input but leaves our negative numbers alone")
    func csvFormulaInjection() throws {
        var report = report
        report.budgetByProgram.rows[1].nama = "=HYPERLINK(\"http://x\",\"y\")"
        report.measurements[2].indikator = "@SUM(A1)"
        let csv = try text(.csv, report)
        #expect(csv.contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","))
        #expect(!csv.contains(",=HYPERLINK"))
        #expect(!csv.contains(",\"=HYPERLINK"))
        #expect(csv.contains(",'@SUM(A1),"))
        // The gap between performance and money is a real negative number: no quote mark.
        #expect(
            csv.contains("kinerja_anggaran,Selisih capaian − penyerapan (poin),\"-34,18\"\r\n"),
            "a number we formatted keeps its minus sign")
        #expect(csv.hasPrefix("section,No.,Sasaran Strategis,"))
        #expect(
            csv.contains(
                "anggaran_jenis_belanja,2.,BTL,Belanja Tidak Langsung,"
                    + "\"2.776.718.927,63\",\"2.689.814.182,00\",\"96,87%\"\r\n"))
        #expect(!csv.contains("\n\n"))
    }

    @Test("JSON keeps decimals exact and round-trips to the same report")
    func jsonExact() throws {
        let json = try text(.json)
        #expect(json.contains("\"anggaran\" : \"6406712635.13\""))
        #expect(json.contains("\"realisasi\" : null"))
        #expect(json.contains("\"generated_at\""))
        let decoded = try ReportJSON.decoder().decode(LKIPReport.self, from: Data(json.utf8))
        #expect(decoded == report)
    }

    @Test("JSON: the scale as bands ending in a null minimum, a finding's code as text and its source always present")
    func jsonDomainTypes() throws {
        var report = report
        report.findings[0].source = nil
        let json = try text(.json, report)
        #expect(json.contains("\"kategori\" : \"Sangat Rendah\",\n        \"minimum\" : null"))
        #expect(json.contains("\"code\" : \"PERSEN_BEDA\""))
        #expect(json.contains("\"source\" : \"\""))
        #expect(try SchemaValidator.validate(Data(json.utf8)).exitCode == 0)
        #expect(try ReportJSON.decoder().decode(LKIPReport.self, from: Data(json.utf8)) == report)
        for broken in [
            json.replacingOccurrences(of: "\"minimum\" : null", with: "\"minimum\" : \"0\""),
            json.replacingOccurrences(of: "\"PERSEN_BEDA\"", with: "\"PERSEN_TERCETAK_BEDA\""),
        ] {
            #expect(throws: DecodingError.self) {
                try ReportJSON.decoder().decode(LKIPReport.self, from: Data(broken.utf8))
            }
        }
    }

    @Test("JSON validates against the committed JSON Schema")
    func jsonSchema() throws {
        let data = try renderer.render(report, as: .json)
        let result = try SchemaValidator.validate(data)
        #expect(result.exitCode == 0, "\(result.output)")
    }

    @Test(
        "Rendering twice gives identical bytes; only generatedAt differs between runs",
        arguments: ReportFormat.allCases)
    func deterministic(format: ReportFormat) throws {
        let first = try renderer.render(report, as: format)
        let second = try ReportRenderer().render(report, as: format)
        #expect(first == second)
        var later = report
        later.generatedAt = "2021-03-01 10:00:00 WIB"
        let third = String(decoding: try renderer.render(later, as: format), as: UTF8.self)
        let firstLines = String(decoding: first, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let thirdLines = third.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(firstLines.count == thirdLines.count)
        let differing = zip(firstLines, thirdLines).filter { $0 != $1 }
        #expect(differing.count == (format == .csv ? 0 : 1))
        #expect(differing.allSatisfy { $0.0.contains("2021-02-15 09:30:00 WIB") })
    }

    /// The `<tr>` of the HTML table `t-<key>` that mentions `needle`.
    private func tableRow(in html: String, table key: String, containing needle: String) -> String? {
        guard let start = html.range(of: "id=\"t-\(key)\""),
            let end = html.range(of: "</table>", range: start.upperBound..<html.endIndex)
        else { return nil }
        return html[start.upperBound..<end.lowerBound].components(separatedBy: "<tr")
            .first { $0.contains(needle) && $0.contains("<td") }
    }
}

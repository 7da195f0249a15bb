import Foundation
import Kinerja
import TestSupport
import Testing

@testable import Report

@Suite("BAB I, BAB IV and the signature block from the OPD's narrative")
struct NarasiRenderTests {
    let renderer: ReportRenderer

    init() throws { renderer = try ReportRenderer() }

    static var narasi: Narasi {
        Narasi(
            pendahuluan: [
                NarasiBlock(.heading, ["1.1 Latar Belakang"]), NarasiBlock(.paragraph, ["Teks <b>pendahuluan</b>."]),
                NarasiBlock(.list, ["isu satu", "isu <script>dua</script>"]),
            ],
            penutup: [NarasiBlock(.paragraph, ["Teks penutup."])],
            pengesahan: Pengesahan(
                tempat: "Palangka Raya", tanggal: "Februari 2021", nama: "Ir. JANUMINRO, M.Si",
                jabatan: "Kepala Badan", pangkat: "Pembina Utama Muda", nip: "19620713 198903 1 009"))
    }

    func render(_ narasi: Narasi?, _ format: ReportFormat) throws -> String {
        var report = SeedReport.make()
        report.narasi = narasi
        return String(decoding: try renderer.render(report, as: format), as: UTF8.self)
    }

    @Test("BAB I before BAB II and BAB IV after BAB III, as written and escaped; the signature with name and NIP")
    func withNarasi() throws {
        let html = try render(Self.narasi, .html)
        let order = [
            "BAB I  PENDAHULUAN", "BAB II  PERENCANAAN", "BAB III  AKUNTABILITAS", "BAB IV  PENUTUP", "LAMPIRAN",
        ]
        let positions = order.map { html.range(of: $0)?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil }, "\(order)")
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
        #expect(html.contains("<h3>1.1 Latar Belakang</h3>"))
        #expect(html.contains("<p>Teks &lt;b&gt;pendahuluan&lt;/b&gt;.</p>"))
        #expect(html.contains("<li>isu &lt;script&gt;dua&lt;/script&gt;</li>"))
        #expect(!html.contains("<script>"))
        for line in [
            "Palangka Raya, Februari 2021", "Kepala Badan", "Ir. JANUMINRO, M.Si", "NIP. 19620713 198903 1 009",
        ] {
            #expect(html.contains(line), "\(line)")
        }
        #expect(!html.contains("class=\"placeholder\""))
        let md = try render(Self.narasi, .md)
        #expect(!md.contains("<script>") && !md.contains("<b>"), "the narrative is escaped in Markdown too")
        #expect(
            md.contains("## BAB I  PENDAHULUAN") && md.contains("- isu satu") && md.contains("**Ir. JANUMINRO, M.Si**"))
    }

    @Test("without a narrative: marked placeholders and a blank signature, never an empty chapter")
    func withoutNarasi() throws {
        let html = try render(nil, .html)
        #expect(html.components(separatedBy: "<p class=\"placeholder\">").count == 3, "BAB I and BAB IV")
        #expect(html.contains("class=\"signature missing\""))
        #expect(html.contains("[nama]") && html.contains("NIP. [NIP]"))
    }

    @Test("the JSON carries the narrative and still validates against the schema")
    func json() throws {
        var report = SeedReport.make()
        report.narasi = Self.narasi
        let data = try renderer.render(report, as: .json)
        let result = try SchemaValidator.validate(data)
        #expect(result.exitCode == 0, "\(result.output)")
        #expect(try ReportJSON.decoder().decode(LKIPReport.self, from: data) == report)
    }
}

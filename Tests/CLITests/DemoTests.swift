import Foundation
import Postgres
import TestSupport
import Testing

@Suite("kinerja demo, end to end")
struct DemoTests {
    /// A database of its own in the test cluster, so the demo's data does not meet other tests' data.
    private func freshDatabase() throws -> (url: String, drop: () -> Void) {
        let base = try TestDatabase.url()
        let name = TestDatabase.uniqueName("demo")
        let admin = try Connection(base)
        try admin.execute(SQL(unsafeSQL: "CREATE DATABASE \(try admin.quoteIdentifier(name))"))
        var parts = URLComponents(string: base)!
        parts.path = "/" + name
        return (parts.string!, { _ = try? admin.execute(SQL(unsafeSQL: "DROP DATABASE \(name) WITH (FORCE)")) })
    }

    @Test("the demo imports the seed, recomputes, and writes reports that hold the seed's figures; twice")
    func demo() throws {
        let (url, drop) = try freshDatabase()
        defer { drop() }
        let cli = CLIRunner(url: url)
        let out = FileManager.default.temporaryDirectory.appendingPathComponent(TestDatabase.uniqueName("demo-out"))
        defer { try? FileManager.default.removeItem(at: out) }
        let first = try cli.run(["demo", "--out-dir", out.path])
        #expect(first.status == 0, "\(first.stderr)")
        let html = try String(
            contentsOf: out.appendingPathComponent("lkip-8.01.0.00.0.00.01.0000-2020.html"), encoding: .utf8)
        for figure in [
            "13,33%", "90,00%", "21,74%", "100,00%", "89,76%", "belum tersedia", "95,51%", "94,82%",
            "99,98%", "99,99%", "91,73%", "97,36%", "97,15%", "96,87%", "6.406.712.635,13", "PERSEN_BEDA",
            "TARGET_BEDA",
        ] {
            #expect(html.contains(figure), "\(figure)")
        }
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("<script"))
        let markdown = try String(
            contentsOf: out.appendingPathComponent("lkip-8.01.0.00.0.00.01.0000-2020.md"), encoding: .utf8)
        #expect(markdown.contains("89,76%") && markdown.contains("96,87%"))
        // The government-wide LKIP of the demo's four OPDs, in both formats.
        for format in ["html", "md"] {
            let whole = try String(contentsOf: out.appendingPathComponent("lkip-pemda-2020.\(format)"), encoding: .utf8)
            #expect(whole.contains("Realisasi Anggaran per OPD Tahun 2020") && whole.contains("75.298.062.635,13"))
        }
        for line in ["13,33%  Sangat Rendah", "97,15%  total", "96,87%  Belanja Tidak Langsung"] {
            #expect(first.stdout.contains(line), "\(line)")
        }

        let second = try cli.run(["demo", "--out-dir", out.path])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("already imported"))
        let again = try String(
            contentsOf: out.appendingPathComponent("lkip-8.01.0.00.0.00.01.0000-2020.html"), encoding: .utf8)
        // The same data gives the same report but for the one generated-at line.
        let strip = { (s: String) in s.split(separator: "\n").filter { !$0.contains("Dibuat:") && !$0.contains("WIB") }
        }
        #expect(strip(html) == strip(again))
    }
}

import Foundation
import Kinerja
import TestSupport
import Testing

@testable import Report

/// The HTML report as a reader sees it, in headless Chromium (ops/report-check.sh).
@Suite("The report in a browser")
struct ReportBrowserTests {
    @Test("screen and print layouts: no word in a table cell broken across lines; screenshots kept for a look")
    func noBrokenWords() throws {
        var report = SeedReport.make()
        report.narasi = NarasiRenderTests.narasi
        let dir = TestDatabase.packageRoot.appendingPathComponent(".build/report-check")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let html = dir.appendingPathComponent("lkip.html")
        try ReportRenderer().render(report, as: .html).write(to: html)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [
            TestDatabase.packageRoot.appendingPathComponent("ops/report-check.sh").path, html.path, dir.path,
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        print(output)
        #expect(process.terminationStatus == 0, "\(output)")
        #expect(output.contains("words broken: 0 (screen and print)"))
        for shot in ["screen.png", "print.png"] {
            let size =
                (try? FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent(shot).path))?[
                    .size] as? Int ?? 0
            #expect(size > 50_000, "\(shot) is a real screenshot")
        }
    }
}

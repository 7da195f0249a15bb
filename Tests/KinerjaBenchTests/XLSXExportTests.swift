import Foundation
import Handlers
import JobQueue
import KinerjaBench
import Postgres
import Producers
import TestSupport
import Testing

@Suite("whole-government exports as CSV and as XLSX")
struct XLSXExportTests {
    @Test("the same lines as XLSX, amounts as numbers or as text, store what the CSV stored: every scope unchanged")
    func sameLines() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(TestDatabase.uniqueName("xlsx"))
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // A year of its own keeps these scopes apart from the other benchmark tests' (2024).
        let csv = dir.appendingPathComponent("apbd.csv").path
        try SIPDExportGenerator.write(rows: 1_500, to: csv, tahun: 2031, opds: 3)
        let numbers = dir.appendingPathComponent("apbd-angka.xlsx").path
        let text = dir.appendingPathComponent("apbd-teks.xlsx").path
        try XLSXExportWriter.convert(csv: csv, to: numbers, amountsAsText: false)
        try XLSXExportWriter.convert(csv: csv, to: text, amountsAsText: true)

        let url = try TestDatabase.url()
        let conn = try Connection(url)
        let queue = TestDatabase.uniqueName("xlsx")
        func run(_ file: String, force: Bool) throws -> JobRecord {
            let id = try ImportProducer.enqueueRKA(
                file: file, tahun: nil, kodeOPD: nil, force: force, options: ImportEnqueueOptions(queue: queue),
                on: conn
            ).jobID
            TestWorkers.runUntilIdle(
                conninfo: url, queue: queue, registry: KinerjaHandlers.registry(), name: "xlsx-test", concurrency: 1,
                lease: 60)
            return try TestJobs.job(id, on: conn)
        }
        func unchanged(_ job: JobRecord) -> Int { job.result?["unchanged_scopes"]?.elements.count ?? -1 }

        let first = try run(csv, force: true)
        #expect(first.state == .completed, "\(first.errors)")
        #expect(first.result?["scopes"]?.elements.count == 3)
        #expect(unchanged(first) == 0)
        let lines = try conn.query(
            "SELECT count(*)::int FROM kinerja.v_anggaran_berlaku WHERE tahun = 2031 AND kode_opd LIKE '9.99.%'"
        ).first!.decode(0, as: Int.self)
        #expect(lines == 1_500 - 4)  // three JUMLAH rows and the TOTAL are checked, not stored
        for file in [numbers, text] {
            let job = try run(file, force: false)
            #expect(job.state == .completed, "\(job.errors)")
            #expect(unchanged(job) == 3, "\(file): \(job.result.map { "\($0)" } ?? "")")
        }
        let findings = try conn.query(
            "SELECT count(*)::int FROM kinerja.temuan WHERE tahun = 2031 AND kode_opd LIKE '9.99.%' AND asal = 'import'"
        ).first!.decode(0, as: Int.self)
        #expect(findings == 0)
    }
}

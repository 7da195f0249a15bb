import Foundation
import Handlers
import JobQueue
import Kinerja
import Logging
import Postgres
import Producers
import Stores
import TestSupport

/// Helpers for the import tests: each test has its own queue and OPD code, so tests run side by side.
struct ImportTestKit {
    let queue: String
    let kode: String
    let url: String
    let dir: URL
    let conn: Connection

    static let demoKode = "8.01.0.00.0.00.01.0000"
    static let demo = TestDatabase.packageRoot.appendingPathComponent("ops/demo")

    init(_ prefix: String = "imp") throws {
        queue = TestDatabase.uniqueName("q_" + prefix)
        kode = TestDatabase.uniqueName("T." + prefix)
        url = try TestDatabase.url()
        dir = FileManager.default.temporaryDirectory.appendingPathComponent(TestDatabase.uniqueName("import"))
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        conn = try Connection(url)
    }

    func cleanup() { try? FileManager.default.removeItem(at: dir) }

    /// Writes `text` (or bytes) under `name` in this test's folder and returns the path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String { try write(name, Data(text.utf8)) }

    @discardableResult
    func write(_ name: String, _ data: Data) throws -> String {
        let url = dir.appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }

    /// A demo file with this test's OPD code in place of the demo one, under the same file name.
    func demoFile(_ name: String, replacing: [(String, String)] = []) throws -> String {
        var text = try String(contentsOf: Self.demo.appendingPathComponent(name), encoding: .utf8)
        text = text.replacingOccurrences(of: Self.demoKode, with: kode)
        for (old, new) in replacing { text = text.replacingOccurrences(of: old, with: new) }
        // A name of its own: when a file carries its own year and OPD, the producer's "same file again" check
        // compares with the newest import of the same file name, and tests run side by side.
        return try write("\(queue)-\(name)", text)
    }

    var options: ImportEnqueueOptions { ImportEnqueueOptions(queue: queue) }

    func enqueueRKA(
        _ path: String, tahun: Int? = nil, kodeOPD: String? = nil, versi: BudgetVersion = .murni,
        force: Bool = false
    ) throws -> (jobID: Int64, existing: Bool) {
        try ImportProducer.enqueueRKA(
            file: path, tahun: tahun, kodeOPD: kodeOPD, versi: versi, force: force,
            options: options, on: conn)
    }

    /// Uploads and enqueues as the producer does, without its checks of the file: how a file the producer would
    /// refuse reaches a worker anyway (an older producer, a program writing SQL).
    func enqueueUnchecked(_ path: String, kind: String) throws -> Int64 {
        let name = (path as NSString).lastPathComponent
        return try conn.transaction { tx in
            let upload = try UploadStore.upload(path: path, fileName: name, on: tx)
            let args = ImportArgs(
                uploadID: upload.id, fileName: name, sha256: upload.sha256, sizeBytes: upload.sizeBytes)
            let job = NewJob(kind: kind, args: try JSONText(encoding: args), queue: queue)
            return try Producer.submit(job, on: tx)[0].id
        }
    }

    func enqueueKinerja(_ path: String, force: Bool = false) throws -> (jobID: Int64, existing: Bool) {
        try ImportProducer.enqueueKinerja(file: path, force: force, options: options, on: conn)
    }

    /// Runs a worker pool on this test's queue until it is idle.
    func runWorkers(concurrency: Int = 2) {
        TestWorkers.runUntilIdle(
            conninfo: url, queue: queue, registry: KinerjaHandlers.registry(), name: "import-test",
            concurrency: concurrency, lease: 60)
    }

    func job(_ id: Int64) throws -> JobRecord { try TestJobs.job(id, on: conn) }

    /// The last error of a job, as stored.
    func lastError(_ id: Int64) throws -> String { try TestJobs.lastError(id, on: conn) }

    func count(_ sql: SQL) throws -> Int { try conn.query(sql).first!.decode(0, as: Int.self) }

    /// Rows of this test's OPD in anggaran, imports, temuan, opd.
    func footprint(_ kode: String? = nil) throws -> [Int] {
        let k = kode ?? self.kode
        return [
            try count("SELECT count(*)::int FROM kinerja.anggaran WHERE kode_opd = \(k)"),
            try count("SELECT count(*)::int FROM kinerja.imports WHERE kode_opd = \(k)"),
            try count("SELECT count(*)::int FROM kinerja.temuan WHERE kode_opd = \(k)"),
            try count("SELECT count(*)::int FROM kinerja.opd WHERE kode = \(k)"),
            try count("SELECT count(*)::int FROM kinerja.sasaran WHERE kode_opd = \(k)"),
        ]
    }

    /// Finding codes of this test's OPD, sorted.
    func findingCodes(_ kode: String? = nil) throws -> [String] {
        try conn.query("SELECT kode FROM kinerja.temuan WHERE kode_opd = \(kode ?? self.kode) ORDER BY kode").rows
            .map { try $0.decode(0, as: String.self) }
    }
}

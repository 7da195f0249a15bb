import Foundation
import Handlers
import JobQueue
import Logging
import Postgres
import Producers

/// `kinerja bench import --rows N`: generates a SIPD-style export, enqueues `import_rka` through the producer
/// (upload included) and runs it with a one-worker pool on a queue of its own, timing the whole import.
public enum ImportBenchmark {
    /// Writes a SIPD-style budget export of `rows` data rows (plus one header row) of `opds` OPDs to `path`: CSV,
    /// or XLSX when `path` ends in `.xlsx` (amounts as numeric cells, or as text with `amountsAsText`).
    public static func generateSIPD(rows: Int, opds: Int = 1, amountsAsText: Bool = false, to path: String) throws {
        guard path.lowercased().hasSuffix(".xlsx") else {
            return try SIPDExportGenerator.write(rows: rows, to: path, opds: opds)
        }
        let csv = path + ".csv"
        defer { try? FileManager.default.removeItem(atPath: csv) }
        try SIPDExportGenerator.write(rows: rows, to: csv, opds: opds)
        try XLSXExportWriter.convert(csv: csv, to: path, amountsAsText: amountsAsText)
    }

    /// Generates the export in a temporary folder, imports it into the database at `conninfo` under a benchmark
    /// OPD (its lines are replaced on every run), and removes the file.
    public static func run(rows: Int, opds: Int = 1, conninfo: String) throws -> ImportBenchmarkResult {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kinerja-bench-\(getpid()).csv").path
        try generateSIPD(rows: rows, opds: opds, to: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try run(file: path, conninfo: conninfo)
    }

    /// Imports an existing export `file` (e.g. one generated earlier, to compare with `copy-ref.sh` on the same
    /// file) and times it.
    public static func run(file: String, conninfo: String) throws -> ImportBenchmarkResult {
        let conn = try Connection(conninfo)
        let queue = "bench_import_\(getpid())"
        let began = Date()
        defer {
            BenchQueue.remove(queue, since: began, on: conn)
        }
        // The same start a reference `psql \copy` gets: no dirty pages of earlier runs to write out.
        // Needs superuser or pg_checkpoint; without it the run starts as it is.
        _ = try? conn.execute("CHECKPOINT")
        // Times come from the server's clock, like the jobs' own timestamps.
        let started = try serverNow(conn)
        let (jobID, _) = try ImportProducer.enqueueRKA(
            file: file, tahun: nil, kodeOPD: nil, versi: .murni, force: true, sheet: nil,
            options: ImportEnqueueOptions(queue: queue, maxAttempts: 1), on: conn)
        let uploaded = try serverNow(conn)
        let config = WorkerConfiguration(
            conninfo: conninfo, concurrency: 1, queues: [queue], name: "bench-import", exitWhenIdle: true,
            idleHorizonSeconds: 0.05, runMaintenance: false)
        var logger = Logger(label: "bench-import")
        logger.logLevel = .warning
        WorkerPool(configuration: config, registry: KinerjaHandlers.registry(), logger: logger).run()
        guard let job = try QueueAdmin.job(jobID, on: conn), job.state == .completed, let finished = job.finishedAt
        else {
            let error = try QueueAdmin.job(jobID, on: conn)?.errors.elements.last?["error"]?.stringValue ?? "unknown"
            throw ImportUsageError("benchmark import failed: \(error)")
        }
        let seconds = finished.timeIntervalSince(started)
        // What autovacuum would do after the import and the purge (vacuum the deleted lines, analyze the new ones),
        // done now so that the next run does not share the CPU with it: without ANALYZE here, autovacuum's analyze
        // of the million changed lines ran during the next run's import (sampled there, 17 % of a core).
        _ = try? conn.execute("VACUUM (ANALYZE) kinerja.anggaran_baris, kinerja.anggaran_konteks")
        func count(_ key: String) -> Int {
            job.result?[key].flatMap { if case .number(let n) = $0 { Int(n) } else { nil } } ?? 0
        }
        // The file's own count of data rows, as the import read them: --rows need not match a given file.
        let rows = count("rows")
        let written = count("written")
        let size = ((try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? NSNumber)?.int64Value ?? 0
        return ImportBenchmarkResult(
            rows: rows, rowsPerS: Double(rows) / seconds, peakRSSMB: ProcessStats.peakRSSMB(), fileBytes: size,
            seconds: seconds, uploadSeconds: uploaded.timeIntervalSince(started),
            jobSeconds: job.attemptedAt.map { finished.timeIntervalSince($0) } ?? 0,
            purgeSeconds: try purgeSeconds(queue: queue, on: conn), linesWritten: written, file: file)
    }

    private static func serverNow(_ conn: Connection) throws -> Date {
        try conn.query("SELECT clock_timestamp()").first!.decode(0, as: Date.self)
    }

    /// How long the `purge_lines` job that followed took (the previous run's lines), or nil when there was none.
    private static func purgeSeconds(queue: String, on conn: Connection) throws -> Double? {
        try conn.query(
            """
            SELECT extract(epoch FROM finished_at - attempted_at)::float8 FROM kinerja.v_jobs
            WHERE queue = \(queue) AND kind = \(JobKind.purgeLines) AND state = 'completed'
            """
        ).first?.decode(0, as: Double.self)
    }
}

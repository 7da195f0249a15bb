import ArgumentParser
import Foundation
import Handlers
import JobQueue
import Kinerja
import LocalPostgres
import Logging
import Postgres
import Producers
import Report
import Stores

/// `kinerja demo`: the whole job on the demo data set (the seed LKIP's tables as finance and performance files).
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract:
            "The whole job on the demo data: local db, migrate, import, recompute, report; prints where the report is.",
        discussion: """
            Without --database-url or KINERJA_DATABASE_URL it starts a local PostgreSQL under $KINERJA_HOME \
            (default ~/.local/share/kinerja). Running it again reuses the data: the same files are not imported twice.
            """)

    @Option(name: .customLong("out-dir"), help: "Where the reports are written.") var outDir: String = "out"
    @Option(help: "Year of the demo data.") var tahun: Int = 2020
    @Option(name: .customLong("opd"), help: "OPD of the demo data.") var kodeOPD: String = "8.01.0.00.0.00.01.0000"
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let started = Date()
        let info = try database.conninfo(startLocal: true)
        let conn = try database.connect(info, requireSchema: false)
        Terminal.note("database: \(ConnectionStrings.redacted(info))")
        let applied = try Migrator(directory: ProjectFiles.sqlDirectory).migrate(conn)
        if !applied.isEmpty { Terminal.note("migrated: \(applied.joined(separator: ", "))") }

        let demo = ProjectFiles.demoDirectory
        let imports = [
            try ImportProducer.enqueueKinerja(file: demo.appendingPathComponent("kinerja-2020.csv").path, on: conn),
            try ImportProducer.enqueueRKA(
                file: demo.appendingPathComponent("rka-2020.csv").path, tahun: nil, kodeOPD: nil, on: conn),
            try ImportProducer.enqueueNarasi(file: demo.appendingPathComponent("narasi-2020.md").path, on: conn),
            // The rest of the city: other OPDs' budgets in one export, and the government's own key indicators.
            try ImportProducer.enqueueRKA(
                file: demo.appendingPathComponent("apbd-pemda-2020.csv").path, tahun: nil, kodeOPD: nil, on: conn),
            try ImportProducer.enqueueKinerja(
                file: demo.appendingPathComponent("iku-pemda-2020.csv").path, iku: true, on: conn),
        ]
        for i in imports { Terminal.note("import job \(i.jobID)\(i.existing ? " (already imported)" : "")") }
        try runWorkers(info)
        try checkCompleted(imports.map(\.jobID), conn)

        // The OPD's LKIP and the government-wide one, each in HTML and Markdown.
        var reportJobs: [(name: String, format: ReportFormat, id: Int64)] = []
        for (opd, name) in [(kodeOPD as String?, kodeOPD), (nil, "pemda")] {
            for format in [ReportFormat.html, .md] {
                let job = try ProduceReportArgs(tahun: tahun, kodeOPD: opd, format: format).job()
                reportJobs.append((name, format, try Producer.submit(job, on: conn)[0].id))
            }
        }
        try runWorkers(info)
        try checkCompleted(reportJobs.map(\.id), conn)

        try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
        for (name, format, jobID) in reportJobs {
            guard case .number(let text)? = try QueueAdmin.job(jobID, on: conn)?.result?["report_id"],
                let id = Int64(text), let (_, data) = try ReportStore.content(id: id, on: conn)
            else { throw CLIError.failure("report job \(jobID) stored no report") }
            let path = URL(fileURLWithPath: outDir).appendingPathComponent("lkip-\(name)-\(tahun).\(format)").path
            try data.write(to: URL(fileURLWithPath: path))
            print("report (\(name == "pemda" ? "whole government, " : "")\(format)): \(path)")
        }
        try DemoSummary(conn: conn, tahun: tahun, kodeOPD: kodeOPD).print()
        Terminal.note(String(format: "done in %.1f s", Date().timeIntervalSince(started)))
        printNextSteps(info: info)
    }

    /// Where the binary is and what to try next, so the demo ends where an operator's first hour begins.
    private func printNextSteps(info: String) {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
        let cluster = LocalCluster.fromEnvironment()
        let dataPlace = (try? cluster.url()) == info ? ", data under \(cluster.home.path)" : ""
        let onPath = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/kinerja")
        }
        print(
            """

            kinerja: \(binary)\(onPath ? "" : " (not on PATH: bash ops/install.sh puts it there)")
            the database: \(ConnectionStrings.redacted(info))\(dataPlace)
            next, from any folder:
              kinerja jobs list                      # the jobs the demo ran
              kinerja worker --concurrency 4         # a worker that waits for jobs (Ctrl-C stops it)
              kinerja enqueue produce-report --tahun \(tahun) --opd \(kodeOPD) --format html --wait --out lkip.html
            """)
    }

    /// Runs an in-process worker pool until the queue is empty.
    private func runWorkers(_ info: String) throws {
        var logger = Logger(label: "demo")
        logger.logLevel = .error
        let config = WorkerConfiguration(
            conninfo: info, concurrency: 2, queues: ["default"], name: "demo", pollSeconds: 0.2, exitWhenIdle: true,
            idleHorizonSeconds: 0.5)
        WorkerPool(configuration: config, registry: KinerjaHandlers.registry(), logger: logger).run()
    }

    private func checkCompleted(_ ids: [Int64], _ conn: Connection) throws {
        for id in ids {
            guard let job = try QueueAdmin.job(id, on: conn) else { continue }
            if job.state != .completed {
                let error = job.errors.elements.last?["error"]?.stringValue ?? job.state.rawValue
                throw CLIError.failure("job \(id) (\(job.kind)) \(job.state): \(error)")
            }
        }
    }
}

/// The headline figures the demo prints, read from the views other tools read.
struct DemoSummary {
    let conn: Connection
    let tahun: Int
    let kodeOPD: String
    /// The demo files' government: the OPD's rows of another government sharing the code are not the demo's.
    let pemerintah = "Kota Palangka Raya"

    func print() throws {
        Swift.print("\ncapaian \(tahun):")
        for row in try conn.query(
            """
            SELECT indikator, capaian, kategori, keterangan FROM kinerja.v_capaian
            WHERE tahun = \(tahun) AND kode_opd = \(kodeOPD) AND pemerintah = \(pemerintah) ORDER BY indikator
            """
        ).rows {
            let name: String = try row.decode(0)
            if let capaian = try row.decode(1, as: Decimal?.self) {
                Swift.print(
                    "  \(IndonesianFormat.percent(capaian))  \(try row.decode(2, as: String?.self) ?? "")  \(name)")
            } else {
                Swift.print("  belum tersedia  \(name): \(try row.decode(3, as: String?.self) ?? "")")
            }
        }
        for row in try conn.query(
            """
            SELECT sasaran, capaian, kategori, indikator_dihitung, indikator_dikecualikan FROM kinerja.v_capaian_sasaran
            WHERE tahun = \(tahun) AND kode_opd = \(kodeOPD) AND pemerintah = \(pemerintah) ORDER BY sasaran
            """
        ).rows {
            let mean = try row.decode(1, as: Decimal?.self).map(IndonesianFormat.percent) ?? "belum tersedia"
            Swift.print(
                "sasaran \(try row.decode(0, as: String.self)): \(mean) \(try row.decode(2, as: String?.self) ?? "")"
                    + " (\(try row.decode(3, as: Int.self)) indikator, \(try row.decode(4, as: Int.self)) dikecualikan)"
            )
        }
        Swift.print("\npenyerapan anggaran \(tahun):")
        for row in try conn.query(
            """
            SELECT tingkat, nama, anggaran, realisasi, persen FROM kinerja.v_penyerapan
            WHERE tahun = \(tahun) AND kode_opd = \(kodeOPD) AND pemerintah = \(pemerintah) AND tingkat IN ('opd', 'jenis_belanja')
            ORDER BY tingkat DESC, nama
            """
        ).rows {
            let label = try row.decode(0, as: String.self) == "opd" ? "total" : try row.decode(1, as: String.self)
            let persen = try row.decode(4, as: Decimal?.self).map(IndonesianFormat.percent) ?? "belum tersedia"
            Swift.print(
                "  \(persen)  \(label): \(IndonesianFormat.money(try row.decode(3, as: Decimal?.self) ?? 0)) dari "
                    + IndonesianFormat.money(try row.decode(2, as: Decimal.self)))
        }
        let findings = try conn.query(
            """
            SELECT tingkat, kode, pesan FROM kinerja.v_temuan WHERE tahun = \(tahun) AND kode_opd = \(kodeOPD) AND pemerintah = \(pemerintah)
            ORDER BY CASE tingkat WHEN 'galat' THEN 0 WHEN 'peringatan' THEN 1 ELSE 2 END, kode, pesan
            """
        ).rows
        Swift.print("\ntemuan \(tahun): \(findings.count)")
        for row in findings {
            Swift.print(
                "  [\(try row.decode(0, as: String.self))] \(try row.decode(1, as: String.self)): \(try row.decode(2, as: String.self))"
            )
        }
    }
}

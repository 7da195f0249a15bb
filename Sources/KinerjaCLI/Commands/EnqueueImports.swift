import ArgumentParser
import Foundation
import Handlers
import ImportParsing
import JobQueue
import Kinerja
import Postgres
import Producers

extension EnqueueOptions {
    func importOptions(pemda: String?) -> ImportEnqueueOptions {
        ImportEnqueueOptions(
            queue: queue, priority: priority, runAt: parsedRunAt, uniqueKey: uniqueKey, maxAttempts: maxAttempts,
            pemda: pemda)
    }

    /// Uploads and enqueues through `enqueue`, then reports the job; a file the producer cannot use exits 2.
    func enqueueImport(
        database: DatabaseOptions, opd: String? = nil, pemda: String? = nil,
        _ enqueue: (Connection) throws -> (jobID: Int64, existing: Bool)
    ) throws {
        let conn = try database.connect()
        try checkOPD(opd, on: conn, importing: true)
        try checkPemda(pemda, on: conn)
        let result: (jobID: Int64, existing: Bool)
        do {
            result = try enqueue(conn)
        } catch let error as ImportUsageError {
            throw CLIError.usage(error.description)
        }
        try JobWaiter.report(ids: [result.jobID], existing: result.existing, options: self, conn: conn)
    }
}

extension Enqueue {
    struct ImportRKA: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-rka",
            abstract: "Import a finance export (budget and realisation; CSV or XLSX).",
            discussion: """
                The file's bytes are stored in the database with the job, so any worker host can run it. A file may \
                hold one OPD or, without --opd, every OPD of the government (a BPKAD export): one job imports each \
                (tahun, OPD) it holds and leaves the others alone. A (tahun, OPD) whose lines did not change keeps \
                its earlier import (no recompute). The same file for the same scope again returns the existing job \
                unless --force.
                """)

        @Argument(help: "The CSV or XLSX file.") var file: String
        @Option(help: "Year, when the file has no tahun column.") var tahun: Int?
        @Option(
            name: .customLong("opd"),
            help: "OPD code, when the file has no kode_opd column; a row naming another OPD is then refused.")
        var kodeOPD: String?
        @Option(help: "Government (kode_pemda or name) for rows that name none; a row naming another is refused.")
        var pemda: String?
        @Option(help: "Budget version.") var versi: BudgetVersion = .murni
        @Option(help: "XLSX sheet name (default: the first sheet).") var sheet: String?
        @Flag(help: "Import again even when the same file was imported; replace unchanged (tahun, OPD) too.")
        var force = false
        @OptionGroup var options: EnqueueOptions
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            try options.enqueueImport(database: database, opd: kodeOPD, pemda: pemda) { conn in
                try ImportProducer.enqueueRKA(
                    file: file, tahun: tahun, kodeOPD: kodeOPD, versi: versi, force: force, sheet: sheet,
                    options: options.importOptions(pemda: pemda), on: conn)
            }
        }
    }

    struct ImportNarasi: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-narasi",
            abstract:
                "Import an OPD's narrative: BAB I Pendahuluan, BAB IV Penutup and the signature block (Markdown).",
            discussion: """
                The file starts with a header between two --- lines: tahun, kode_opd, and for the signature tempat, \
                tanggal, kepala, jabatan, nip (pangkat optional); then # Pendahuluan and # Penutup, each with ## \
                subheadings, paragraphs and - lists. Every import replaces the year's and OPD's narrative.
                """)

        @Argument(help: "The Markdown file.") var file: String
        @Option(help: "Government (kode_pemda or name), when the header names none.") var pemda: String?
        @OptionGroup var options: EnqueueOptions
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            // The OPD the file's header names, for the unknown-OPD warning; a file that does not parse is refused
            // by the producer with its row.
            let kode = (try? Data(contentsOf: URL(fileURLWithPath: file))).flatMap {
                try? NarasiParser.parse($0, file: file).kodeOPD
            }
            try options.enqueueImport(database: database, opd: kode, pemda: pemda) { conn in
                try ImportProducer.enqueueNarasi(file: file, options: options.importOptions(pemda: pemda), on: conn)
            }
        }
    }

    struct ImportKinerja: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-kinerja",
            abstract: "Import a performance file (targets and realisations per indicator and year; CSV or XLSX).")

        @Argument(help: "The CSV or XLSX file.") var file: String
        @Option(help: "XLSX sheet name (default: the first sheet).") var sheet: String?
        @Flag(help: "Import again even when the same file was imported before.") var force = false
        @Option(help: "Government (kode_pemda or name) for rows that name none.") var pemda: String?
        @Flag(help: "The government's own key indicators (IKU): rows without an OPD, for the government-wide LKIP.")
        var iku = false
        @OptionGroup var options: EnqueueOptions
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            try options.enqueueImport(database: database, pemda: pemda) { conn in
                try ImportProducer.enqueueKinerja(
                    file: file, force: force, sheet: sheet, iku: iku, options: options.importOptions(pemda: pemda),
                    on: conn)
            }
        }
    }
}

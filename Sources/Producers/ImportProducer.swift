import Foundation
import ImportParsing
import JobQueue
import Kinerja
import Postgres
import Stores

/// Enqueues `import_rka` and `import_kinerja` jobs: the file's bytes go into the database in the same
/// transaction as the job, so any worker host can run it.
///
/// The same file enqueued again for the same scope returns the earlier job (`existing: true`) unless `force`:
/// "the same" means the newest job of that kind and scope that did not fail (not discarded or cancelled) has the
/// file's SHA-256. Comparing with the newest job only matters after a changed export: importing the original file
/// again must then replace the lines again, not return the old job. The scope is (`tahun`, `kode_opd`, `versi`,
/// `sheet`, `pemda`): as given, or for a budget file the (tahun, OPD) of its first line (`FileScope`), kept apart from the
/// given ones in `ImportArgs.fileScope` because a whole-government export names many; when neither gives a year and
/// an OPD (always for performance files, whose rows name several) the file name is part of the scope too. For a
/// budget file the earlier job's imports must also all still be in force (`kinerja.import_job_in_force`): another
/// file may have replaced one OPD of an export since. The budget import itself leaves alone every (tahun, OPD)
/// whose content did not change, so a job that runs replaces only what changed.
public enum ImportProducer {
    /// Enqueues `import_rka` for a budget export.
    public static func enqueueRKA(
        file: String, tahun: Int?, kodeOPD: String?, versi: BudgetVersion = .murni, force: Bool = false,
        sheet: String? = nil, options: ImportEnqueueOptions = .init(), on conn: Connection
    ) throws -> (jobID: Int64, existing: Bool) {
        try enqueue(
            kind: JobKind.importRKA, file: file, tahun: tahun, kodeOPD: kodeOPD, versi: versi, force: force,
            sheet: sheet, options: options, on: conn)
    }

    /// Enqueues `import_kinerja` for a performance file (its rows name their own years and OPDs; with `iku`, the
    /// government's own key indicators, without OPDs).
    public static func enqueueKinerja(
        file: String, force: Bool = false, sheet: String? = nil, iku: Bool = false,
        options: ImportEnqueueOptions = .init(), on conn: Connection
    ) throws -> (jobID: Int64, existing: Bool) {
        try enqueue(
            kind: JobKind.importKinerja, file: file, tahun: nil, kodeOPD: nil, versi: nil, force: force,
            sheet: sheet, iku: iku, options: options, on: conn)
    }

    /// Through `v_import_jobs` (sql/007): a producer role may read hashes and scopes, not the jobs' other args.
    package static let newestInScope = """
        SELECT id, sha256 FROM kinerja.v_import_jobs
        WHERE kind = $1 AND state NOT IN ('discarded', 'cancelled')
          AND tahun IS NOT DISTINCT FROM $2::int
          AND kode_opd IS NOT DISTINCT FROM $3::text
          AND versi IS NOT DISTINCT FROM $4::text
          AND sheet IS NOT DISTINCT FROM $5::text
          AND ($6::text IS NULL OR file_name = $6::text)
          AND pemda IS NOT DISTINCT FROM $7::text
        ORDER BY id DESC LIMIT 1
        """

    /// Enqueues `import_narasi` for an OPD's narrative (BAB I, BAB IV, signature); the file names its year and OPD,
    /// and is read here first, so a malformed one is refused before it is queued. Every import is run: the same text
    /// again replaces itself.
    public static func enqueueNarasi(
        file: String, options: ImportEnqueueOptions = .init(), on conn: Connection
    ) throws -> (jobID: Int64, existing: Bool) {
        let parsed: NarasiParser.Parsed
        do {
            try ImportPrecheck.checkFile(path: file, maxBytes: NarasiParser.maxBytes)
            parsed = try NarasiParser.parse(
                try Data(contentsOf: URL(fileURLWithPath: file)), file: (file as NSString).lastPathComponent)
        } catch {
            throw ImportUsageError(String(describing: error))
        }
        return try upload(
            kind: JobKind.importNarasi, file: file, tahun: parsed.tahun, kodeOPD: parsed.kodeOPD, versi: nil,
            force: true, sheet: nil, options: options, on: conn)
    }

    package static func enqueue(
        kind: String, file: String, tahun: Int?, kodeOPD: String?, versi: BudgetVersion?, force: Bool, sheet: String?,
        iku: Bool = false, options: ImportEnqueueOptions, on conn: Connection
    ) throws -> (jobID: Int64, existing: Bool) {
        let matcher =
            kind == JobKind.importRKA
            ? BudgetColumns.matcher(tahunGiven: tahun != nil, opdGiven: kodeOPD != nil)
            : PerformanceColumns.matcher(tahunGiven: false, opdGiven: iku)
        do {
            try ImportPrecheck.check(
                path: file, sheet: sheet, kind: kind == JobKind.importRKA ? .budget : iku ? .iku : .performance,
                matcher: matcher)
        } catch {
            throw ImportUsageError(String(describing: error))
        }
        var fileScope: ImportScope?
        if kind == JobKind.importRKA, tahun == nil || kodeOPD == nil,
            let scope = FileScope.budget(path: file, sheet: sheet),
            tahun ?? scope.tahun == scope.tahun, kodeOPD ?? scope.kodeOPD == scope.kodeOPD
        {
            fileScope = ImportScope(tahun: scope.tahun, kodeOPD: scope.kodeOPD, versi: nil)
        }
        return try upload(
            kind: kind, file: file, tahun: tahun, kodeOPD: kodeOPD, fileScope: fileScope, versi: versi, force: force,
            sheet: sheet, iku: iku, options: options, on: conn)
    }

    /// Uploads the file and enqueues its job in one transaction, unless the same bytes were already enqueued for
    /// the scope (and not `force`).
    private static func upload(
        kind: String, file: String, tahun: Int?, kodeOPD: String?, fileScope: ImportScope? = nil,
        versi: BudgetVersion?, force: Bool, sheet: String?, iku: Bool = false, options: ImportEnqueueOptions,
        on conn: Connection
    ) throws -> (jobID: Int64, existing: Bool) {
        let fileName = (file as NSString).lastPathComponent
        let keyTahun = tahun ?? fileScope?.tahun
        let keyOPD = kodeOPD ?? fileScope?.kodeOPD
        let nameInScope: String? = (keyTahun == nil || keyOPD == nil) ? fileName : nil
        return try conn.transaction { tx in
            // Two producers of the same scope at once: the second waits and then sees the first job.
            try tx.query(
                "SELECT pg_advisory_xact_lock(hashtext(\("import:\(kind):\(keyTahun ?? 0):\(keyOPD ?? ""):\(options.pemda ?? "")")))"
            )
            // The file is hashed before it is sent only when there is an earlier job to compare with: a re-import of
            // a large unchanged file then sends no bytes at all, and a first or forced import reads the file once.
            if !force,
                let row = try tx.query(
                    SQL(
                        unsafeSQL: newestInScope,
                        binds: [kind, keyTahun, keyOPD, versi?.rawValue, sheet, nameInScope, options.pemda])
                ).first,
                let earlier = try row.decode(1, as: String?.self),
                try UploadStore.sha256(ofFile: file) == earlier
            {
                let earlierJob = try row.decode(0, as: Int64.self)
                let inForce = try kind != JobKind.importRKA || isInForce(earlierJob, on: tx)
                if inForce { return (earlierJob, true) }
            }
            let upload = try UploadStore.upload(path: file, fileName: fileName, on: tx)
            let args = ImportArgs(
                uploadID: upload.id, fileName: fileName, sha256: upload.sha256, sizeBytes: upload.sizeBytes,
                tahun: tahun, kodeOPD: kodeOPD, versi: versi, sheet: sheet, fileScope: fileScope,
                force: kind == JobKind.importRKA && force ? true : nil, pemda: options.pemda, iku: iku ? true : nil)
            let job = NewJob(
                kind: kind, args: try JSONText(encoding: args), queue: options.queue, priority: options.priority,
                runAt: options.runAt, maxAttempts: options.maxAttempts, uniqueKey: options.uniqueKey)
            let result = try Producer.submit(job, on: tx)[0]
            return (result.id, result.existing)
        }
    }

    /// Whether every import the budget job `id` wrote is still in force (sql/015).
    private static func isInForce(_ id: Int64, on tx: Connection) throws -> Bool {
        try tx.query("SELECT kinerja.import_job_in_force(\(id))").first!.decode(0, as: Bool.self)
    }
}

import Foundation
import ImportParsing
import JobQueue
import Kinerja
import Postgres
import Producers
import Spreadsheet
import Stores

/// The budget import (`import_rka`) on a caller's transaction: reads the export, streams its lines into COPY while
/// `BudgetChecks` runs, replaces the lines of its (tahun, OPD, versi), writes the findings and the `imports` row,
/// and enqueues `recompute_capaian`.
/// Anything wrong with the file throws `PermanentJobError` and the caller's transaction rolls back whole.
enum RKAImporter {
    static func run(args: ImportArgs, source: ImportSource, on tx: Connection, hooks: ImportHooks = .init()) throws
        -> ImportSummary
    {
        let started = Date()
        let versi = args.versi ?? .murni
        // A file that lists some block's accounts in two places is read again with checks that keep every block.
        var summary: ImportSummary
        do {
            summary = try tx.savepoint("import_rka") { tx in
                try load(args: args, versi: versi, source: source, keepsBlocks: false, on: tx, hooks: hooks)
            }
        } catch is BudgetChecks.BlockReopened {
            summary = try load(args: args, versi: versi, source: source, keepsBlocks: true, on: tx, hooks: hooks)
        }
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }

    /// One pass over the file: streams the lines into COPY while the checks run, then writes findings, the
    /// import's row count and the follow-up recompute.
    private static func load(
        args: ImportArgs, versi: BudgetVersion, source: ImportSource, keepsBlocks: Bool, on tx: Connection,
        hooks: ImportHooks
    ) throws -> ImportSummary {
        var rows = try ImportRows(
            reader: try source.makeReader(), file: source.displayName,
            matcher: BudgetColumns.matcher(tahunGiven: args.tahun != nil, opdGiven: args.kodeOPD != nil),
            percentColumn: "persen")
        let columns = rows.columns
        var anggaran = NumberColumn(name: "anggaran", money: true, isXLSX: source.isXLSX)
        var realisasi = NumberColumn(name: "realisasi", money: true, isXLSX: source.isXLSX)
        anggaran.detect(from: rows.samples("anggaran"))
        realisasi.detect(from: rows.samples("realisasi"))
        var parser = BudgetRowParser(
            columns: columns, anggaran: anggaran, realisasi: realisasi, tahun: args.tahun,
            kodeOPD: args.kodeOPD)
        var fast = BudgetFastPath(columns: columns, anggaran: anggaran, realisasi: realisasi, isXLSX: source.isXLSX)
        var checks = BudgetChecks(
            file: source.displayName, keepsBlocks: keepsBlocks, persenColumn: columns.index["persen"],
            persenIsMachine: source.isXLSX)
        var raw = RawRow()

        // Rows up to the first line, which fixes the scope: its earlier imports are marked replaced before the new
        // lines stream in.
        var pending: [BudgetRowParser.Parsed] = []
        var first: BudgetRecord?
        while first == nil, let (row, cells) = try rows.next() {
            let parsed = try parser.parse(cells, row: row)
            pending.append(parsed)
            if case .line(let line) = parsed { first = line }
        }
        guard let first else {
            throw ImportProblem.noBudgetRows(source.displayName, headerRow: columns.headerRow)
        }
        let scope = ImportScope(tahun: first.tahun, kodeOPD: first.kodeOPD, versi: versi)
        let importID = try prepare(scope: scope, namaOPD: first.namaOPD, args: args, hooks: hooks, on: tx)

        var lines = 0
        var totals = 0
        var skipped = 0
        var findings: [Temuan] = []
        var copy = BudgetCopy(importID: importID)
        try tx.copyIn(SQL(unsafeSQL: BudgetCopy.copyColumns)) { writer in
            func write(_ line: BudgetRecord, isLeaf: Bool) throws { try copy.write(line, isLeaf: isLeaf, to: &writer) }
            func handle(_ line: BudgetRecord) throws {
                if try checks.add(line) { try write(line, isLeaf: true) }
                for (held, isLeaf) in checks.takeResolved() { try write(held, isLeaf: isLeaf) }
                lines += 1
            }
            func handle(_ parsed: BudgetRowParser.Parsed) throws {
                switch parsed {
                case .line(let line):
                    try handle(line)
                case .total(let total):
                    try checks.add(total)
                    totals += 1
                case .skip:
                    skipped += 1
                }
            }
            for parsed in pending { try handle(parsed) }
            while let next = try rows.next(raw: &raw) {
                switch next {
                case .raw:
                    if let line = fast.line(raw) {
                        try handle(line)
                    } else {
                        let parsed = try parser.parse(rows.cells(of: raw), row: raw.number)
                        if case .line(let line) = parsed { fast.remember(line, raw: raw) } else { fast.forget() }
                        try handle(parsed)
                    }
                case .cells(let row, let cells):
                    try handle(try parser.parse(cells, row: row))
                    fast.forget()
                }
                if rows.count % ImportHooks.interval == 0 {
                    hooks.progress(rows.count)
                    try hooks.checkCancellation()
                }
            }
            findings = checks.finish()
            for (held, isLeaf) in checks.takeResolved() { try write(held, isLeaf: isLeaf) }
        }
        try copy.writeContexts(on: tx)
        hooks.progress(rows.count)
        try TemuanWriter.write(findings.map { (scope.tahun, scope.kodeOPD, $0) }, importID: importID, on: tx)
        try tx.query("UPDATE kinerja.imports SET rows = \(lines) WHERE id = \(importID)")
        let recomputeID = try RecomputeArgs(tahun: scope.tahun, kodeOPD: scope.kodeOPD)
            .enqueueFollowUp(on: tx)
        let counts = TemuanWriter.counts(findings)
        return ImportSummary(
            importID: importID, kind: "rka", fileName: source.displayName, rows: rows.count, written: lines,
            checkedRows: totals, skippedRows: skipped, temuan: counts.bySeverity, temuanByCode: counts.byCode,
            scopes: [scope], recomputeJobIDs: [recomputeID], seconds: 0)
    }

    /// Locks the scope, upserts the OPD, removes the scope's earlier import findings, records the new import and
    /// marks the scope's earlier imports replaced by it; a `purge_lines` job on `hooks.queue` deletes their lines
    /// after this transaction commits. Returns the new import's id.
    static func prepare(scope: ImportScope, namaOPD: String, args: ImportArgs, hooks: ImportHooks, on tx: Connection)
        throws -> Int64
    {
        let versi = (scope.versi ?? .murni).rawValue
        // Two imports of one scope at once: the second waits, then replaces the first.
        try tx.query("SELECT pg_advisory_xact_lock(hashtext(\("import_rka:\(scope.tahun):\(scope.kodeOPD):\(versi)")))")
        try OPDUpsert.run(kode: scope.kodeOPD, nama: namaOPD, pemerintah: "", on: tx)
        try tx.query(
            """
            DELETE FROM kinerja.temuan WHERE asal = 'import' AND import_id IN (
                SELECT id FROM kinerja.imports
                WHERE kind = 'rka' AND tahun = \(scope.tahun) AND kode_opd = \(scope.kodeOPD) AND versi = \(versi))
            """)
        let importID = try tx.query(
            SQL(
                unsafeSQL: """
                    INSERT INTO kinerja.imports (kind, upload_id, file_name, sha256, tahun, kode_opd, versi, rows, job_id)
                    VALUES ('rka', $1, $2, $3, $4, $5, $6, 0, $7) RETURNING id
                    """,
                binds: [args.uploadID, args.fileName, args.sha256, scope.tahun, scope.kodeOPD, versi, hooks.jobID])
        ).first!.decode(0, as: Int64.self)
        let replaced = try tx.query(
            """
            UPDATE kinerja.imports SET replaced_by = \(importID)
            WHERE kind = 'rka' AND tahun = \(scope.tahun) AND kode_opd = \(scope.kodeOPD) AND versi = \(versi)
              AND replaced_by IS NULL AND id <> \(importID)
            RETURNING id
            """
        ).rows.map { try $0.decode(0, as: Int64.self) }
        if !replaced.isEmpty {
            try PurgeLinesArgs(importIDs: replaced.sorted()).enqueue(queue: hooks.queue, on: tx)
        }
        return importID
    }
}

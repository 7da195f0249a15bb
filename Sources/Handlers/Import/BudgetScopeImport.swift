import Foundation
import ImportParsing
import Kinerja
import Postgres
import Producers
import Stores

/// One scope (tahun, OPD, versi) of a budget export, in a savepoint of the import's transaction: the lines from
/// the scope's first line up to the first line of the next scope (total rows in between close this OPD's block),
/// streamed into COPY while `BudgetChecks` runs; then the findings, the `imports` row's count and digest, and the
/// follow-up recompute. A scope whose content digest equals its current import's is rolled back to the savepoint
/// and keeps that import (unless `force`).
struct BudgetScopeImport {
    /// What the import of one scope did.
    struct Outcome {
        var scope: ImportScope
        /// The new import, or the kept one when `unchanged`.
        var importID: Int64
        var lines = 0
        var totals = 0
        var skipped = 0
        var findings: [Temuan] = []
        var recomputeID: Int64?
        var unchanged = false
        /// The scope's top-level lines, summed, for a grand total further down the file.
        var whole = AmountSum()
    }

    /// Thrown out of the savepoint to roll an unchanged scope back.
    private struct Unchanged: Error { let outcome: Outcome }

    let args: ImportArgs
    let versi: BudgetVersion
    let file: String
    let isXLSX: Bool
    let keepsBlocks: Bool
    let hooks: ImportHooks

    /// Imports the scope `first` opens; `earlier` are the outcomes of the file's scopes before it. Returns the
    /// outcome and the next scope's first line (put back into `reader`), or nil at the end of the file.
    func run(first: BudgetRecord, reader: BudgetFileReader, earlier: [Outcome], on tx: Connection) throws
        -> (Outcome, next: BudgetRecord?)
    {
        var next: BudgetRecord?
        do {
            let outcome = try tx.savepoint("import_scope") { tx in
                try load(first: first, reader: reader, earlier: earlier, next: &next, on: tx)
            }
            return (outcome, next)
        } catch let unchanged as Unchanged {
            return (unchanged.outcome, next)
        }
    }

    private func load(
        first: BudgetRecord, reader: BudgetFileReader, earlier: [Outcome], next: inout BudgetRecord?,
        on tx: Connection
    ) throws -> Outcome {
        let scope = ImportScope(tahun: first.tahun, kodeOPD: first.kodeOPD, versi: versi)
        let prepared = try prepare(scope: scope, namaOPD: first.namaOPD, on: tx)
        var outcome = Outcome(scope: scope, importID: prepared.importID)
        var checks = BudgetChecks(
            file: file, keepsBlocks: keepsBlocks, persenColumn: reader.columns.index["persen"],
            persenIsMachine: isXLSX)
        var copy = BudgetCopy(importID: prepared.importID)
        try tx.copyInBinary(SQL(unsafeSQL: BudgetCopy.copyColumns)) { writer in
            func write(_ line: BudgetRecord, isLeaf: Bool) throws { try copy.write(line, isLeaf: isLeaf, to: &writer) }
            reading: while let item = try reader.next() {
                switch item {
                case .line(let line):
                    guard line.tahun == scope.tahun, line.kodeOPD == scope.kodeOPD else {
                        reader.putBack(item)
                        next = line
                        break reading
                    }
                    if try checks.add(line) { try write(line, isLeaf: true) }
                    for (held, isLeaf) in checks.takeResolved() { try write(held, isLeaf: isLeaf) }
                    outcome.lines += 1
                case .total(let total):
                    if checks.isGrandTotal(total) {
                        var whole = checks.wholeSum()
                        for scope in earlier { whole.add(scope.whole) }
                        try checks.addGrandTotal(total, whole: whole, scopes: earlier.count + 1)
                    } else {
                        try checks.add(total)
                    }
                    outcome.totals += 1
                case .skip:
                    outcome.skipped += 1
                }
                if reader.count % ImportHooks.interval == 0 {
                    hooks.progress(reader.count)
                    try hooks.checkCancellation()
                }
            }
            outcome.whole = checks.wholeSum()
            outcome.findings = checks.finish()
            for (held, isLeaf) in checks.takeResolved() { try write(held, isLeaf: isLeaf) }
        }
        try copy.writeContexts(on: tx)
        let digest = copy.contentDigest(namaOPD: first.namaOPD, findings: outcome.findings)
        if args.force != true, let kept = prepared.earlier, kept.digest == digest {
            outcome.importID = kept.id
            outcome.unchanged = true
            throw Unchanged(outcome: outcome)
        }
        try TemuanWriter.write(
            outcome.findings.map { (scope.tahun, scope.kodeOPD, $0) }, importID: prepared.importID, on: tx)
        try tx.query(
            """
            UPDATE kinerja.imports SET rows = \(outcome.lines), content_sha256 = \(digest)
            WHERE id = \(prepared.importID)
            """)
        outcome.recomputeID = try RecomputeArgs(tahun: scope.tahun, kodeOPD: scope.kodeOPD).enqueueFollowUp(on: tx)
        return outcome
    }

    /// Locks the scope, upserts the OPD, removes the scope's earlier import findings, records the new import and
    /// marks the scope's earlier imports replaced by it; a `purge_lines` job on `hooks.queue` deletes their lines
    /// after this transaction commits. Returns the new import's id, and the scope's current import before it with
    /// its content digest (nil for imports from before sql/015).
    private func prepare(scope: ImportScope, namaOPD: String, on tx: Connection) throws
        -> (importID: Int64, earlier: (id: Int64, digest: String)?)
    {
        let versi = (scope.versi ?? .murni).rawValue
        // Two imports of one scope at once: the second waits, then replaces the first.
        try tx.query("SELECT pg_advisory_xact_lock(hashtext(\("import_rka:\(scope.tahun):\(scope.kodeOPD):\(versi)")))")
        var earlier: (id: Int64, digest: String)?
        if let row = try tx.query(
            """
            SELECT id, content_sha256 FROM kinerja.imports
            WHERE kind = 'rka' AND tahun = \(scope.tahun) AND kode_opd = \(scope.kodeOPD) AND versi = \(versi)
              AND replaced_by IS NULL
            ORDER BY id DESC LIMIT 1
            """
        ).first, let digest = try row.decode(1, as: String?.self) {
            earlier = (try row.decode(0, as: Int64.self), digest)
        }
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
        return (importID, earlier)
    }
}

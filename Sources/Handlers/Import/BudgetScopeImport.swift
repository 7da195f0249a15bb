import Foundation
import ImportParsing
import Kinerja
import Postgres
import Producers
import Stores

/// One scope (government, tahun, OPD, versi) of a budget export, in a savepoint of the import's transaction: the lines from the
/// scope's first line up to the first line of the next scope (total rows in between close this OPD's block),
/// streamed into COPY under a new `imports` row while `BudgetChecks` runs. Then, if the content digest equals the
/// scope's current import's (and not `force`), the savepoint is rolled back and the current import stays: cheaper
/// than deleting the lines just written (a `DELETE` by import found them through the BRIN's unsummarised ranges,
/// 13 s for a re-export of 50 unchanged OPDs against 3.7 s for its first import), and a rolled-back subtransaction
/// leaves nothing behind. Otherwise the new import replaces the current one: findings, count and digest, earlier
/// imports marked replaced (their lines purged after the file), and the follow-up recompute.
struct BudgetScopeImport {
    /// What the import of one scope did.
    struct Outcome {
        var scope: ImportScope
        /// The new import, or the kept one when `unchanged`.
        var importID: Int64
        var lines = 0
        var totals = 0
        var skipped = 0
        var temuan: (bySeverity: [String: Int], byCode: [String: Int]) = ([:], [:])
        var recomputeID: Int64?
        var unchanged = false
        /// The earlier imports of the scope this one replaced, whose lines `purge_lines` deletes.
        var replaced: [Int64] = []
        /// The scope's top-level lines, summed, for a grand total further down the file.
        var whole = AmountSum()
        /// A grand total over several scopes closed this one: later grand totals sum the scopes after it only.
        var endsWithGrandTotal = false
    }

    let args: ImportArgs
    /// The government `args.pemda` names, found once for the whole file.
    let givenPemda: ImportPemda.Given?
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

    /// Thrown out of the savepoint to roll an unchanged scope back.
    private struct Unchanged: Error { let outcome: Outcome }

    private func load(
        first: BudgetRecord, reader: BudgetFileReader, earlier: [Outcome], next: inout BudgetRecord?,
        on tx: Connection
    ) throws -> Outcome {
        let pemdaID = try ImportPemda.resolve(first.pemda, given: givenPemda, file: file, row: first.row, on: tx)
        let scope = ImportScope(tahun: first.tahun, kodeOPD: first.kodeOPD, versi: versi, pemdaID: pemdaID)
        let versiText = versi.rawValue
        // Two imports of one scope at once: the second waits, then replaces the first.
        try tx.query(
            "SELECT pg_advisory_xact_lock(hashtext(\("import_rka:\(pemdaID):\(scope.tahun):\(scope.kodeOPD):\(versiText)")))"
        )
        let earlierImport = try currentImport(of: scope, on: tx)
        let importID = try tx.query(
            SQL(
                unsafeSQL: """
                    INSERT INTO kinerja.imports (kind, upload_id, file_name, sha256, tahun, kode_opd, versi, rows, job_id,
                                                 pemda_id)
                    VALUES ('rka', $1, $2, $3, $4, $5, $6, 0, $7, $8) RETURNING id
                    """,
                binds: [
                    args.uploadID, args.fileName, args.sha256, scope.tahun, scope.kodeOPD, versiText, hooks.jobID,
                    pemdaID,
                ])
        ).first!.decode(0, as: Int64.self)
        var outcome = Outcome(scope: scope, importID: importID)
        // A grand total sums the scopes of its year since the previous grand total.
        let sinceGrandTotal = earlier.reversed().prefix { !$0.endsWithGrandTotal }.filter {
            $0.scope.tahun == scope.tahun
        }
        var others = AmountSum()
        for earlier in sinceGrandTotal { others.add(earlier.whole) }
        var checks = BudgetChecks(
            file: file, keepsBlocks: keepsBlocks, persenColumn: reader.columns.index["persen"],
            persenIsMachine: isXLSX)
        var copy = BudgetCopy(importID: importID, file: file)
        var findings: [Temuan] = []
        try tx.copyInBinary(SQL(unsafeSQL: BudgetCopy.copyColumns)) { writer in
            func write(_ line: BudgetRecord, isLeaf: Bool) throws { try copy.write(line, isLeaf: isLeaf, to: &writer) }
            reading: while let item = try reader.next() {
                switch item {
                case .line(let line):
                    guard line.tahun == scope.tahun, line.kodeOPD == scope.kodeOPD, line.pemda == first.pemda else {
                        reader.putBack(item)
                        next = line
                        break reading
                    }
                    if try checks.add(line) { try write(line, isLeaf: true) }
                    for (held, isLeaf) in checks.takeResolved() { try write(held, isLeaf: isLeaf) }
                    outcome.lines += 1
                case .total(let total):
                    outcome.endsWithGrandTotal = try checks.add(
                        total, others: others, otherScopes: sinceGrandTotal.count)
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
            findings = checks.finish()
            for (held, isLeaf) in checks.takeResolved() { try write(held, isLeaf: isLeaf) }
        }
        try copy.writeContexts(on: tx)
        let digest = copy.contentDigest(namaOPD: first.namaOPD, findings: findings)
        if args.force != true, let kept = earlierImport, kept.digest == digest {
            outcome.importID = kept.id
            outcome.unchanged = true
            throw Unchanged(outcome: outcome)
        }
        outcome.replaced = try replaceEarlier(scope: scope, namaOPD: first.namaOPD, by: importID, on: tx)
        try TemuanWriter.write(
            findings.map { (scope.tahun, scope.kodeOPD, $0) }, pemdaID: pemdaID, importID: importID, on: tx)
        try tx.query(
            "UPDATE kinerja.imports SET rows = \(outcome.lines), content_sha256 = \(digest) WHERE id = \(importID)")
        outcome.temuan = TemuanWriter.counts(findings)
        outcome.recomputeID = try RecomputeArgs(tahun: scope.tahun, kodeOPD: scope.kodeOPD, pemdaID: pemdaID)
            .enqueueFollowUp(on: tx)
        return outcome
    }

    /// The scope's import in force and its content digest (nil for imports from before sql/015).
    private func currentImport(of scope: ImportScope, on tx: Connection) throws -> (id: Int64, digest: String)? {
        guard
            let row = try tx.query(
                """
                SELECT id, content_sha256 FROM kinerja.imports
                WHERE kind = 'rka' AND pemda_id = \(scope.pemdaID) AND tahun = \(scope.tahun)
                  AND kode_opd = \(scope.kodeOPD) AND versi = \(versi.rawValue) AND replaced_by IS NULL
                ORDER BY id DESC LIMIT 1
                """
            ).first, let digest = try row.decode(1, as: String?.self)
        else { return nil }
        return (try row.decode(0, as: Int64.self), digest)
    }

    /// Upserts the OPD, removes the scope's earlier import findings and marks the scope's earlier imports replaced
    /// by `importID`; returns them (the importer's one `purge_lines` job deletes their lines after it commits).
    private func replaceEarlier(scope: ImportScope, namaOPD: String, by importID: Int64, on tx: Connection) throws
        -> [Int64]
    {
        let versiText = versi.rawValue
        try OPDUpsert.run(pemdaID: scope.pemdaID!, kode: scope.kodeOPD, nama: namaOPD, on: tx)
        try tx.query(
            """
            DELETE FROM kinerja.temuan WHERE asal = 'import' AND import_id IN (
                SELECT id FROM kinerja.imports
                WHERE kind = 'rka' AND pemda_id = \(scope.pemdaID) AND tahun = \(scope.tahun)
                  AND kode_opd = \(scope.kodeOPD) AND versi = \(versiText) AND id <> \(importID))
            """)
        let replaced = try tx.query(
            """
            UPDATE kinerja.imports SET replaced_by = \(importID)
            WHERE kind = 'rka' AND pemda_id = \(scope.pemdaID) AND tahun = \(scope.tahun)
              AND kode_opd = \(scope.kodeOPD) AND versi = \(versiText) AND replaced_by IS NULL AND id <> \(importID)
            RETURNING id
            """
        ).rows.map { try $0.decode(0, as: Int64.self) }
        return replaced
    }
}

import Foundation
import ImportParsing
import Kinerja
import Postgres
import Producers
import Stores

/// One scope (government, tahun, OPD, versi) of a budget export, in two steps. `read`: the lines from the scope's
/// first line up to the first line of the next scope (total rows in between close this OPD's block), written into
/// the file's COPY under an import id reserved for it while `BudgetChecks` runs. `store` (after the COPY ends): if
/// the content digest equals the scope's current import's (and not `force`), the current import stays and the lines
/// just written are left without an import row, for `purge_reread_lines` to delete; otherwise the import row is
/// written and replaces the scope's current one: findings, count and digest, earlier imports marked replaced (their
/// lines purged after the file), and the follow-up recompute.
///
/// One COPY for up to 32 scopes of a file, not one per scope: each COPY's end waited for the server to catch up and
/// each scope's statements then ran with the server otherwise idle, about 26 ms per scope (docs/imports.md).
struct BudgetScopeImport {
    /// What the import of one scope did.
    struct Outcome {
        var scope: ImportScope
        /// The new import (its reserved id while only read), or the kept one when `unchanged`.
        var importID: Int64
        var lines = 0
        var totals = 0
        var skipped = 0
        var temuan: (bySeverity: [String: Int], byCode: [String: Int]) = ([:], [:])
        var recomputeID: Int64?
        /// The scope's earlier imports this one replaced, whose lines `purge_lines` deletes.
        var replaced: [Int64] = []
        /// When the scope is unchanged: the id this read wrote its lines under (no import row has it), for
        /// `purge_reread_lines`.
        var reread: Int64?
        /// The scope's content equals its current import's, which stays.
        var unchanged: Bool { reread != nil }
        /// The scope's top-level lines, summed, for a grand total further down the file.
        var whole = AmountSum()
        /// A grand total over several scopes closed this one: later grand totals sum the scopes after it only.
        var endsWithGrandTotal = false
    }

    /// A scope whose lines are in the COPY, waiting for `store`.
    struct Read {
        let outcome: Outcome
        /// The scope's first line: its government, OPD name and row, for `store`.
        let first: BudgetRecord
        /// The lines' digest and contexts.
        let copy: BudgetCopy
        let findings: [Temuan]
    }

    let args: ImportArgs
    /// The government `args.pemda` names, found once for the whole file.
    let givenPemda: ImportPemda.Given?
    let versi: BudgetVersion
    let file: String
    let isXLSX: Bool
    let keepsBlocks: Bool
    let hooks: ImportHooks

    /// Writes the lines of the scope `first` opens under `importID`; `earlier` are the outcomes of the file's scopes
    /// before it. Returns what was read and the next scope's first line (put back into `reader`), or nil at the end.
    func read(
        first: BudgetRecord, importID: Int64, reader: BudgetFileReader, earlier: [Outcome],
        into writer: inout BinaryCopyWriter
    ) throws -> (Read, next: BudgetRecord?) {
        var outcome = Outcome(
            scope: ImportScope(tahun: first.tahun, kodeOPD: first.kodeOPD, versi: versi), importID: importID)
        // A grand total sums the scopes of its year since the previous grand total.
        let sinceGrandTotal = earlier.reversed().prefix { !$0.endsWithGrandTotal }.filter {
            $0.scope.tahun == first.tahun
        }
        var others = AmountSum()
        for earlier in sinceGrandTotal { others.add(earlier.whole) }
        var checks = BudgetChecks(
            file: file, keepsBlocks: keepsBlocks, persenColumn: reader.columns.index["persen"],
            persenIsMachine: isXLSX)
        var copy = BudgetCopy(importID: importID, file: file)
        var next: BudgetRecord?
        reading: while let item = try reader.next() {
            // Consumed, so the line moves out of the item rather than being copied with its strings.
            switch consume item {
            case .line(let line):
                guard line.tahun == first.tahun, line.kodeOPD == first.kodeOPD, line.pemda == first.pemda else {
                    reader.putBack(.line(line))
                    next = line
                    break reading
                }
                if try checks.add(line) { try copy.write(line, isLeaf: true, to: &writer) }
                for (held, isLeaf) in checks.takeResolved() { try copy.write(held, isLeaf: isLeaf, to: &writer) }
                outcome.lines += 1
            case .total(let total):
                outcome.endsWithGrandTotal = try checks.add(total, others: others, otherScopes: sinceGrandTotal.count)
                outcome.totals += 1
            case .skip:
                outcome.skipped += 1
            }
            if reader.count % ImportHooks.interval == 0 {
                hooks.progress(reader.count, reader.rowsRead)
                try hooks.checkCancellation()
            }
        }
        outcome.whole = checks.wholeSum()
        let findings = checks.finish()
        for (held, isLeaf) in checks.takeResolved() { try copy.write(held, isLeaf: isLeaf, to: &writer) }
        return (Read(outcome: outcome, first: first, copy: copy, findings: findings), next)
    }
}

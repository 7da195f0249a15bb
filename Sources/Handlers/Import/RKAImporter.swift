import Foundation
import ImportParsing
import JobQueue
import Kinerja
import Postgres
import Producers
import Spreadsheet
import Stores

/// The budget import (`import_rka`) on a caller's transaction: reads the export, one scope (tahun, OPD, versi) after
/// another as the file lists them, into one COPY (a whole-government export holds every OPD; `BudgetScopeImport`
/// reads each and then writes its import row), and
/// returns what it did. Anything wrong with the file throws `PermanentJobError` and the caller's transaction rolls
/// back whole: every scope of the file lands, or none.
enum RKAImporter {
    static func run(
        args: ImportArgs, source: ImportSource, on tx: Connection, hooks: ImportHooks = .init(),
        limits: CopyLimits = .init()
    ) throws -> ImportSummary {
        let started = Date()
        let versi = args.versi ?? .murni
        // A file that lists some block's accounts in two places is read again with checks that keep every block.
        var summary: ImportSummary
        do {
            summary = try tx.savepoint("import_rka") { tx in
                try load(
                    args: args, versi: versi, source: source, keepsBlocks: false, on: tx, hooks: hooks, limits: limits)
            }
        } catch is BudgetChecks.BlockReopened {
            summary = try load(
                args: args, versi: versi, source: source, keepsBlocks: true, on: tx, hooks: hooks, limits: limits)
        }
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }

    /// How many scopes one COPY takes before their import rows are written; a file with more takes several.
    struct CopyLimits {
        var scopes = 32
        /// A COPY also ends once its scopes hold this many contexts or findings (one OPD may have 100 000
        /// contexts, about 100 MB, and 10 000 findings): a file of many large scopes takes more COPYs, not memory.
        var contexts = 100_000
        var findings = 10_000
    }

    /// One pass over the file, scope by scope.
    private static func load(
        args: ImportArgs, versi: BudgetVersion, source: ImportSource, keepsBlocks: Bool, on tx: Connection,
        hooks: ImportHooks, limits: CopyLimits
    ) throws -> ImportSummary {
        let reader = try BudgetFileReader(
            reader: try source.makeReader(), file: source.displayName, isXLSX: source.isXLSX, tahun: args.tahun,
            kodeOPD: args.kodeOPD)
        // Rows up to the first line, which opens the first scope; they are read again as that scope's.
        var lead: [BudgetRowParser.Parsed] = []
        var first: BudgetRecord?
        while first == nil, let item = try reader.next() {
            lead.append(item)
            if case .line(let line) = item { first = line }
        }
        guard first != nil else {
            throw ImportProblem.noBudgetRows(source.displayName, headerRow: reader.columns.headerRow)
        }
        for item in lead.reversed() { reader.putBack(item) }

        let scopeImport = BudgetScopeImport(
            args: args, givenPemda: try ImportPemda.given(args.pemda, on: tx), versi: versi, file: source.displayName,
            isXLSX: source.isXLSX, keepsBlocks: keepsBlocks,
            hooks: hooks)
        var outcomes: [BudgetScopeImport.Outcome] = []
        while first != nil {
            var ids = try tx.query(
                SQL(unsafeSQL: BudgetScopeImport.reserveImportIDs, binds: [limits.scopes])
            ).rows.map { try $0.decode(0, as: Int64.self) }[...]
            var reads: [BudgetScopeImport.Read] = []
            try tx.copyInBinary(SQL(unsafeSQL: BudgetCopy.copyColumns)) { writer in
                var contexts = 0
                var findings = 0
                while let start = first, contexts < limits.contexts, findings < limits.findings,
                    let id = ids.popFirst()
                {
                    let (read, next) = try scopeImport.read(
                        first: start, importID: id, reader: reader, earlier: outcomes + reads.map(\.outcome),
                        into: &writer)
                    reads.append(read)
                    first = next
                    contexts += read.copy.contextCount
                    findings += read.findings.count
                }
            }
            let stored = try reads.map { try scopeImport.store($0, on: tx) }
            try BudgetCopy.writeContexts(of: zip(reads, stored).filter { !$0.1.unchanged }.map(\.0.copy), on: tx)
            outcomes += stored
        }
        hooks.progress(reader.count, reader.rowsRead)
        // One purge for the whole file: a whole-government export replaces 50 scopes, and 50 jobs each deleting
        // 20 000 lines took 18 s in all where one takes (measured in the closing note) a fraction of that.
        let replaced = outcomes.flatMap(\.replaced).sorted()
        if !replaced.isEmpty { try PurgeLinesArgs(importIDs: replaced).enqueue(queue: hooks.queue, on: tx) }
        let reread = outcomes.compactMap(\.reread)
        if !reread.isEmpty {
            try PurgeLinesArgs(importIDs: reread).enqueue(kind: JobKind.purgeRereadLines, queue: hooks.queue, on: tx)
        }
        var bySeverity: [String: Int] = [:]
        var byCode: [String: Int] = [:]
        for outcome in outcomes {
            bySeverity.merge(outcome.temuan.bySeverity, uniquingKeysWith: +)
            byCode.merge(outcome.temuan.byCode, uniquingKeysWith: +)
        }
        return ImportSummary(
            importID: outcomes[0].importID, kind: "rka", fileName: source.displayName, rows: reader.count,
            written: outcomes.filter { !$0.unchanged }.reduce(0) { $0 + $1.lines },
            checkedRows: outcomes.reduce(0) { $0 + $1.totals }, skippedRows: outcomes.reduce(0) { $0 + $1.skipped },
            temuan: bySeverity, temuanByCode: byCode, scopes: outcomes.map(\.scope),
            recomputeJobIDs: outcomes.compactMap(\.recomputeID), seconds: 0, importIDs: outcomes.map(\.importID),
            unchangedScopes: outcomes.filter(\.unchanged).map(\.scope))
    }
}

import Foundation
import Kinerja

/// The checks of a budget export, fed one line at a time while the lines stream into the database: printed
/// percentages (`PERSEN_BEDA`), total rows against the lines they sum (`JUMLAH_BEDA`), and parents against their
/// children (`INDUK_BEDA`). It also holds back each line other lines may sit below until it knows whether that line
/// is a leaf, then hands it out (`takeResolved`) with the flag.
///
/// A line's children are the lines whose nearest existing ancestor (by code prefix, `BudgetLineKey.parent`) it is.
///
/// Memory stays flat for exports listed as SIPD and SIMDA list them, each block of accounts (the accounts of one
/// program, kegiatan or sub kegiatan) together: a block's account lines, and its sub kegiatan line, are checked
/// when the next block starts and then forgotten; only program and kegiatan lines are kept to the end. If a
/// block's lines show up again after another block, `add` throws `BlockReopened` and the importer starts over with
/// `keepsBlocks`, which keeps every account to the end: the same results for any order, with memory growing with
/// the account parents.
package struct BudgetChecks {
    /// Thrown (only without `keepsBlocks`) when an account line belongs to a block that was already closed.
    package struct BlockReopened: Error {}

    /// A line other lines may sit below (several rows with one key count as one line).
    private struct Node {
        var own = AmountSum()
        var lines: [BudgetRecord] = []
        var label: String
    }

    package let file: String
    package let keepsBlocks: Bool
    package let persenColumn: Int?
    /// XLSX numeric cells hold `95.51` with a decimal point.
    package let persenIsMachine: Bool

    /// Program, kegiatan and sub kegiatan lines, and children sums by direct parent at those levels.
    private var nodes: [BudgetLineKey: Node] = [:]
    private var childSums: [BudgetLineKey: AmountSum] = [:]
    /// The same for the account lines of the open block (of all blocks with `keepsBlocks`).
    private var accountNodes: [BudgetLineKey: Node] = [:]
    /// Sums by direct parent at account level, for the open block: children, and since the previous total rows.
    private var accountParents: [BudgetLineKey: ParentSums] = [:]
    /// The account-level parent the latest lines went to, and their sums not yet in `accountParents`: consecutive
    /// accounts usually share a parent, and one look-up per run of them instead of one per line was worth it.
    private var pendingParent: BudgetLineKey?
    private var pendingSums = ParentSums()
    /// The fast-path context of the open block's latest line (`BudgetRecord.context`): a line with the same one is
    /// in the same block without comparing keys.
    private var blockContext = 0
    private var block: BudgetLineKey?
    private var closedBlocks: Set<BudgetLineKey> = []
    /// Lines since the previous total row of any kind / of kind JUMLAH-TOTAL, by direct parent (`root` when none)
    /// at program, kegiatan and sub kegiatan level; account-level parents are in `accountParents`.
    private var sinceSubTotal: [BudgetLineKey: AmountSum] = [:]
    private var sinceTotal: [BudgetLineKey: AmountSum] = [:]
    /// The top-level lines that JUMLAH / TOTAL rows have summed so far; with those since, the whole scope.
    private var summedByTotals = AmountSum()
    /// True after a JUMLAH / TOTAL row until the next line: a total right after it sums the whole file.
    private var afterTotal = false
    /// Lines held back now (their leaf flag not known yet). A real export holds a few thousand; a file of millions of
    /// rows under one program (a zip bomb's repeated row) would hold them all, so past `maxHeldLines` it is refused:
    /// 500 000, or 2 000 000 with `keepsBlocks` (which holds every account parent), unless a test says less.
    private var heldLines = 0
    package let maxHeldLines: Int
    /// Findings with the row they are about, put in row order by `finish`.
    private var found: [(row: Int, temuan: Temuan)] = []
    /// Findings past `maxFindings` (10 000 unless a test says less) are counted by code, not kept: a file whose
    /// every row prints a wrong percentage must not hold millions of them. Each code's count becomes one finding.
    package let maxFindings: Int
    private var omitted: [TemuanCode: Int] = [:]
    private var resolved: [(line: BudgetRecord, isLeaf: Bool)] = []
    private let root = BudgetLineKey()

    package init(
        file: String, keepsBlocks: Bool, persenColumn: Int?, persenIsMachine: Bool, maxHeldLines: Int? = nil,
        maxFindings: Int = 10_000
    ) {
        self.file = file
        self.maxHeldLines = maxHeldLines ?? (keepsBlocks ? 2_000_000 : 500_000)
        self.maxFindings = maxFindings
        self.keepsBlocks = keepsBlocks
        self.persenColumn = persenColumn
        self.persenIsMachine = persenIsMachine
    }

    package func source(_ row: Int) -> String { "\(file) baris \(row)" }

    /// Adds a line. True when the caller writes it now as a leaf; false when the checks hold it back.
    package mutating func add(_ line: BudgetRecord) throws -> Bool {
        afterTotal = false
        let isAccount = !line.key.akun.isEmpty
        // In the open block (same fast-path context) a line whose code sits under the pending parent's goes there
        // without building its parent's key: most lines of an export, and the key cost 5 % of an import.
        // Through `?.akun`, not `map`: that copied the pending key (five strings retained and released) per line.
        let underPending =
            isAccount && line.context != 0 && line.context == blockContext
            && Self.code(pendingParent?.akun, isParentOf: line.key.akun)
        if isAccount && !keepsBlocks && (line.context == 0 || line.context != blockContext) {
            let owner = line.key.owner
            if owner != block {
                if let block {
                    closeAccounts()
                    closedBlocks.insert(block)
                }
                if closedBlocks.contains(owner) { throw BlockReopened() }
                block = owner
            }
            blockContext = line.context
        } else if !isAccount && !keepsBlocks && closedBlocks.contains(line.key) {
            // The line of a block whose accounts are already checked and forgotten (see `closeAccounts`).
            throw BlockReopened()
        }
        let holds = line.mayHaveChildren
        if holds {
            if isAccount { Self.hold(line, in: &accountNodes) } else { Self.hold(line, in: &nodes) }
            heldLines += 1
            if heldLines > maxHeldLines {
                throw ImportProblem.row(
                    file: file, row: line.row,
                    "lebih dari \(maxHeldLines) baris program, kegiatan, sub kegiatan atau akun induk menunggu "
                        + "baris di bawahnya; berkas rusak atau bukan ekspor anggaran")
            }
        }
        if underPending {
            pendingSums.add(anggaran: line.anggaran, realisasi: line.realisasi)
        } else {
            addToParent(line)
        }
        if !line.persen.isEmpty {
            try checkPercent(
                line.persen, anggaran: line.anggaran, realisasi: line.realisasi, label: line.label, row: line.row)
        }
        return !holds
    }

    /// Adds a line's amounts to its direct parent's sums.
    private mutating func addToParent(_ line: BudgetRecord) {
        let parent = line.key.parent ?? root
        if parent.akun.isEmpty {
            if parent != root {
                childSums[parent, default: AmountSum()].add(anggaran: line.anggaran, realisasi: line.realisasi)
            }
            sinceSubTotal[parent, default: AmountSum()].add(anggaran: line.anggaran, realisasi: line.realisasi)
            sinceTotal[parent, default: AmountSum()].add(anggaran: line.anggaran, realisasi: line.realisasi)
        } else {
            if parent != pendingParent {
                flushPending()
                pendingParent = parent
            }
            pendingSums.add(anggaran: line.anggaran, realisasi: line.realisasi)
        }
    }

    /// Keeps a finding, or past `maxFindings` counts it.
    private mutating func record(_ finding: (row: Int, temuan: Temuan)) {
        if found.count < maxFindings {
            found.append(finding)
        } else {
            omitted[finding.temuan.code, default: 0] += 1
        }
    }

    /// Whether `parent` is `code` without its last segment (`5.1.02.01.01` of `5.1.02.01.01.0008`), as
    /// `BudgetLineKey.parent` makes it.
    private static func code(_ parent: String?, isParentOf code: String) -> Bool {
        guard var parent else { return false }
        var code = code
        return code.withUTF8 { c in
            parent.withUTF8 { p in
                guard let dot = c.lastIndex(of: UInt8(ascii: ".")), dot == p.count else { return false }
                return memcmp(c.baseAddress!, p.baseAddress!, dot) == 0
            }
        }
    }

    /// Moves the pending sums into `accountParents`; every reader of `accountParents` calls it first.
    private mutating func flushPending() {
        guard let parent = pendingParent.take() else { return }
        accountParents[parent, default: ParentSums()].add(pendingSums)
        pendingSums = ParentSums()
    }

    /// Static, so that no copy of `self` keeps a second reference to the map being changed (which would copy it).
    private static func hold(_ line: BudgetRecord, in nodes: inout [BudgetLineKey: Node]) {
        nodes[line.key, default: Node(label: line.label)].own.add(anggaran: line.anggaran, realisasi: line.realisasi)
        nodes[line.key]!.lines.append(line)
    }

    /// Checks a total row against the lines since the previous one. A grand total (a JUMLAH / TOTAL right after
    /// another, or labelled `TOTAL KESELURUHAN`, `GRAND TOTAL`, `JUMLAH SELURUHNYA`) is checked against this whole
    /// scope and `others`, the top-level lines of the `otherScopes` earlier scopes it closes too (those of its year
    /// since the previous grand total); one that matches this scope alone closes this OPD only (an OPD's JUMLAH
    /// after its programs' JUMLAH rows). Returns whether it summed several scopes, and so ends their range.
    @discardableResult
    package mutating func add(_ total: BudgetTotalRow, others: AmountSum = AmountSum(), otherScopes: Int = 0) throws
        -> Bool
    {
        flushPending()
        guard total.kind == .total && (afterTotal || TotalRowKind.namesWholeFile(label: total.label)) else {
            let isSubTotal = total.kind == .subTotal
            let sum = topSum(
                levels: isSubTotal ? sinceSubTotal : sinceTotal,
                accounts: accountParents.mapValues { isSubTotal ? $0.sinceSubTotal : $0.sinceTotal })
            try compare(total, with: sum, lines: "\(sum.count) baris di atasnya")
            startOver(afterSubTotal: isSubTotal)
            return false
        }
        let own = wholeSum()
        let closesOwn =
            otherScopes > 0 && total.anggaran.map { $0 == own.anggaran } ?? true
            && total.realisasi.map { $0 == own.realisasiTotal } ?? true
        if closesOwn || otherScopes == 0 {
            try compare(total, with: own, lines: "\(own.count) baris di atasnya")
        } else {
            var whole = own
            whole.add(others)
            try compare(total, with: whole, lines: "\(whole.count) baris dari \(otherScopes + 1) OPD di atasnya")
        }
        startOver(afterSubTotal: false)
        return otherScopes > 0 && !closesOwn
    }

    /// The top-level lines of this scope so far, summed.
    package mutating func wholeSum() -> AmountSum {
        flushPending()
        var sum = summedByTotals
        sum.add(topSum(levels: sinceTotal, accounts: accountParents.mapValues(\.sinceTotal)))
        return sum
    }

    /// After a total row: later totals sum the lines from here on.
    private mutating func startOver(afterSubTotal: Bool) {
        sinceSubTotal = [:]
        if !afterSubTotal {
            summedByTotals.add(topSum(levels: sinceTotal, accounts: accountParents.mapValues(\.sinceTotal)))
            sinceTotal = [:]
            afterTotal = true
        }
        accountParents = accountParents.mapValues {
            var sums = $0
            sums.sinceSubTotal = AmountSum()
            if !afterSubTotal { sums.sinceTotal = AmountSum() }
            return sums
        }
    }

    /// Held-back lines whose leaf flag is known now, in the order they were resolved.
    package mutating func takeResolved() -> [(line: BudgetRecord, isLeaf: Bool)] {
        defer { resolved.removeAll(keepingCapacity: true) }
        return resolved
    }

    /// Runs the checks that need the whole file, resolves every held line (`takeResolved`), and returns the
    /// findings in row order.
    package mutating func finish() -> [Temuan] {
        closeAccounts()
        resolve(sums: childSums, nodes: nodes) { _ in nil }
        nodes = [:]
        childSums = [:]
        var findings = found.sorted { $0.row < $1.row }.map(\.temuan)
        for (code, count) in omitted.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            findings.append(
                Temuan(
                    code,
                    message: "\(count) temuan \(code.rawValue) lain tidak dicatat satu per satu: lebih dari "
                        + "\(maxFindings) temuan dalam satu OPD; periksa berkasnya.", source: file))
        }
        return findings
    }

    /// Resolves the account lines held so far: their children sums are moved up to the nearest existing account
    /// line; what passes the top account level lands on the block's owner (a sub kegiatan, kegiatan or program).
    private mutating func closeAccounts() {
        flushPending()
        // Since-total sums move to the block's owner when no account line of the block is above them.
        for (key, sums) in accountParents {
            var up = accountNodes.isEmpty ? key.owner : key
            while !up.akun.isEmpty, accountNodes[up] == nil { up = up.parent ?? root }
            guard up.akun.isEmpty else { continue }
            if sums.sinceSubTotal.count > 0 { sinceSubTotal[up, default: AmountSum()].add(sums.sinceSubTotal) }
            if sums.sinceTotal.count > 0 { sinceTotal[up, default: AmountSum()].add(sums.sinceTotal) }
        }
        if accountNodes.isEmpty {
            // The common block: leaf accounts only, whose sums all go to the block's owner.
            for (key, sums) in accountParents { childSums[key.owner, default: AmountSum()].add(sums.children) }
        } else {
            resolve(sums: accountParents.mapValues(\.children), nodes: accountNodes) { key in
                key.akun.isEmpty ? key : nil
            }
        }
        accountNodes = [:]
        accountParents = [:]
        // A sub kegiatan's children are the accounts of its block, all seen now (another line of the block would
        // reopen it): its line is checked and written now, not held to the end, and its since-total sums never
        // count (it is not top-level). So memory does not grow with the number of sub kegiatan.
        if !keepsBlocks, let owner = block, !owner.subKegiatan.isEmpty, let node = nodes[owner] {
            resolve(sums: childSums[owner].map { [owner: $0] } ?? [:], nodes: [owner: node]) { _ in nil }
            nodes[owner] = nil
            childSums[owner] = nil
            sinceSubTotal[owner] = nil
            sinceTotal[owner] = nil
        }
    }

    /// Moves children sums up to the nearest line in `nodes`, deepest keys first, checks each such line against
    /// them, and resolves the lines of `nodes`. A key for which `escape` returns a key leaves `nodes`' levels: its
    /// sum goes to `childSums` under that key.
    private mutating func resolve(
        sums: [BudgetLineKey: AmountSum], nodes: [BudgetLineKey: Node], escape: (BudgetLineKey) -> BudgetLineKey?
    ) {
        var byDepth: [Int: [BudgetLineKey: AmountSum]] = [:]
        for (key, sum) in sums { byDepth[key.depth, default: [:]][key] = sum }
        var parents: [(BudgetLineKey, AmountSum)] = []
        for depth in stride(from: byDepth.keys.max() ?? 0, through: 0, by: -1) {
            for (key, sum) in byDepth[depth] ?? [:] {
                if nodes[key] != nil {
                    parents.append((key, sum))
                } else if let up = key.parent {
                    if let outside = escape(up) {
                        childSums[outside, default: AmountSum()].add(sum)
                    } else {
                        byDepth[up.depth, default: [:]][up, default: AmountSum()].add(sum)
                    }
                }
            }
        }
        var withChildren = Set<BudgetLineKey>()
        for (key, children) in parents {
            let node = nodes[key]!
            withChildren.insert(key)
            let row = node.lines[0].row
            if node.own.anggaran != children.anggaran {
                record(
                    (row, parentFinding(node, row, "anggaran", node.own.anggaran, children.anggaran, children.count)))
            }
            if let own = node.own.realisasiTotal, let sum = children.realisasiTotal, own != sum {
                record((row, parentFinding(node, row, "realisasi", own, sum, children.count)))
            }
        }
        for (key, node) in nodes.sorted(by: { $0.value.lines[0].row < $1.value.lines[0].row }) {
            let isLeaf = !withChildren.contains(key)
            resolved += node.lines.map { ($0, isLeaf) }
            heldLines -= node.lines.count
        }
    }

    private func parentFinding(
        _ node: Node, _ row: Int, _ column: String, _ own: Int128, _ sum: Int128, _ count: Int
    ) -> Temuan {
        Temuan(
            .indukBeda,
            message: "\(node.label): \(column) \(money(own)) tidak sama dengan jumlah \(count) baris di bawahnya "
                + "\(money(sum)) (selisih \(money(own - sum))).", source: source(row))
    }

    private func money(_ sen: Int128) -> String { IndonesianFormat.number(Sen.decimal(sen)) }

    /// Whether lines whose direct parent is `key` are top-level (no ancestor of theirs is a line in the file).
    private func isTop(_ key: BudgetLineKey, cache: inout [BudgetLineKey: Bool]) -> Bool {
        if key == root { return true }
        if let known = cache[key] { return known }
        let top =
            nodes[key] == nil && accountNodes[key] == nil && (key.parent.map { isTop($0, cache: &cache) } ?? true)
        cache[key] = top
        return top
    }

    /// The sums of `levels` and `accounts` whose lines are top-level.
    private func topSum(levels: [BudgetLineKey: AmountSum], accounts: [BudgetLineKey: AmountSum]) -> AmountSum {
        var cache: [BudgetLineKey: Bool] = [:]
        var sum = AmountSum()
        for (key, part) in levels where isTop(key, cache: &cache) { sum.add(part) }
        for (key, part) in accounts where part.count > 0 && isTop(key, cache: &cache) { sum.add(part) }
        return sum
    }

    /// Compares a total row's printed figures with `sum`, the `lines` it covers.
    private mutating func compare(_ total: BudgetTotalRow, with sum: AmountSum, lines: String) throws {
        let label = total.label.isEmpty ? "Baris jumlah" : total.label
        for (column, printed, computed) in [
            ("anggaran", total.anggaran, Optional(sum.anggaran)),
            ("realisasi", total.realisasi, sum.realisasiTotal),
        ] {
            guard let printed, let computed, printed != computed else { continue }
            record(
                (
                    total.row,
                    Temuan(
                        .jumlahBeda,
                        message: "\(label): \(column) tercetak \(money(printed)), jumlah \(lines) "
                            + "\(money(computed)) (selisih \(money(printed - computed))).",
                        source: source(total.row))
                ))
        }
        if !total.persen.isEmpty {
            try checkPercent(
                total.persen, anggaran: total.anggaran ?? sum.anggaran,
                realisasi: total.realisasi ?? sum.realisasiTotal, label: label, row: total.row)
        }
    }

    private mutating func checkPercent(
        _ printed: String, anggaran: Int128, realisasi: Int128?, label: String, row: Int
    ) throws {
        // An XLSX numeric cell says 95.51 with a decimal point.
        let style: NumberStyle = persenIsMachine && NumberColumn.looksMachine(printed) ? .us : .indonesian
        do {
            let finding: Temuan?
            if let realisasi {
                finding = try ConsistencyCheck.printedAbsorption(
                    printed, anggaran: Sen.decimal(anggaran), realisasi: Sen.decimal(realisasi),
                    label: label, source: source(row), style: style)
            } else {
                finding = try ConsistencyCheck.printedPercent(
                    printed, computed: nil, label: label, source: source(row), style: style)
            }
            if let finding { record((row, finding)) }
        } catch {
            throw ImportProblem.number(error, file: file, row: row, column: "persen", index: persenColumn)
        }
    }
}

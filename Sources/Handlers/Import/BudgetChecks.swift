import Foundation
import Kinerja

/// The checks of a budget export, fed one line at a time while the lines stream into the database:
/// printed percentages (`PERSEN_BEDA`), total rows against the lines they sum (`JUMLAH_BEDA`), and parents
/// against their children (`INDUK_BEDA`); it also tells which lines are not leaves.
///
/// Memory grows with the hierarchy, not with the file: deepest-level account lines (the bulk of a SIPD export)
/// are only added to their parent's running sum. A line's children are the lines whose nearest existing
/// ancestor (by code prefix, see `BudgetLineKey.parent`) it is.
struct BudgetChecks {
    /// A line other lines may sit below: its own amounts and rows (several rows with one key count as one line).
    private struct Node {
        var own = AmountSum()
        var rows: [Int] = []
        var label = ""
    }

    let file: String
    private var nodes: [BudgetLineKey: Node] = [:]
    /// Sums of lines by their direct parent key (which may not exist as a line).
    private var childSums: [BudgetLineKey: AmountSum] = [:]
    /// Lines since the previous total row of any kind / of kind JUMLAH-TOTAL, by direct parent (`root` when none).
    private var sinceSubTotal: [BudgetLineKey: AmountSum] = [:]
    private var sinceTotal: [BudgetLineKey: AmountSum] = [:]
    private var totals: [(row: BudgetTotalRow, lines: [BudgetLineKey: AmountSum])] = []
    private(set) var findings: [Temuan] = []
    private let root = BudgetLineKey()

    init(file: String) { self.file = file }

    func source(_ row: Int) -> String { "\(file) baris \(row)" }

    mutating func add(_ line: BudgetRecord, persenColumn: Int?, persenIsMachine: Bool) throws {
        if line.mayHaveChildren {
            nodes[line.key, default: Node()].own.add(anggaran: line.anggaran, realisasi: line.realisasi)
            nodes[line.key]!.rows.append(line.row)
            if nodes[line.key]!.label.isEmpty { nodes[line.key]!.label = line.label }
        }
        let parent = line.key.parent ?? root
        if parent != root {
            childSums[parent, default: AmountSum()].add(anggaran: line.anggaran, realisasi: line.realisasi)
        }
        sinceSubTotal[parent, default: AmountSum()].add(anggaran: line.anggaran, realisasi: line.realisasi)
        sinceTotal[parent, default: AmountSum()].add(anggaran: line.anggaran, realisasi: line.realisasi)
        if !line.persen.isEmpty {
            try checkPercent(
                line.persen, anggaran: line.anggaran, realisasi: line.realisasi, label: line.label,
                row: line.row, column: persenColumn, machine: persenIsMachine)
        }
    }

    mutating func add(_ total: BudgetTotalRow) {
        switch total.kind {
        case .subTotal:
            totals.append((total, sinceSubTotal))
        case .total:
            totals.append((total, sinceTotal))
            sinceTotal = [:]
        }
        sinceSubTotal = [:]
    }

    /// Runs the checks that need the whole file; returns the rows of lines that have children (not leaves).
    mutating func finish(persenColumn: Int?, persenIsMachine: Bool) throws -> [Int] {
        var nonLeafRows: [Int] = []
        // Children sums moved up to the nearest existing line, deepest keys first.
        var byDepth: [Int: [BudgetLineKey: AmountSum]] = [:]
        for (key, sum) in childSums { byDepth[key.depth, default: [:]][key] = sum }
        childSums = [:]
        var resolved: [(BudgetLineKey, AmountSum)] = []
        for depth in (byDepth.keys.max() ?? 0).stride(down: 0) {
            for (key, sum) in byDepth[depth] ?? [:] {
                if nodes[key] != nil {
                    resolved.append((key, sum))
                } else if let up = key.parent {
                    byDepth[up.depth, default: [:]][up, default: AmountSum()].add(sum)
                }
            }
        }
        for (key, children) in resolved.sorted(by: { nodes[$0.0]!.rows[0] < nodes[$1.0]!.rows[0] }) {
            let node = nodes[key]!
            nonLeafRows += node.rows
            if node.own.anggaran != children.anggaran {
                findings.append(parentFinding(node, "anggaran", node.own.anggaran, children.anggaran, children.count))
            }
            if let own = node.own.realisasiTotal, let sum = children.realisasiTotal, own != sum {
                findings.append(parentFinding(node, "realisasi", own, sum, children.count))
            }
        }
        for (total, lines) in totals {
            try checkTotal(total, lines: lines, persenColumn: persenColumn, persenIsMachine: persenIsMachine)
        }
        return nonLeafRows
    }

    private func parentFinding(_ node: Node, _ column: String, _ own: Decimal, _ sum: Decimal, _ count: Int) -> Temuan {
        Temuan(
            .indukBeda,
            message: "\(node.label): \(column) \(IndonesianFormat.number(own)) tidak sama dengan "
                + "jumlah \(count) baris di bawahnya \(IndonesianFormat.number(sum)) (selisih "
                + "\(IndonesianFormat.number(own - sum))).", source: source(node.rows[0]))
    }

    /// Whether lines whose direct parent is `key` are top-level (no ancestor of theirs is a line in the file).
    private func isTop(_ key: BudgetLineKey, cache: inout [BudgetLineKey: Bool]) -> Bool {
        if key == root { return true }
        if let known = cache[key] { return known }
        let top = nodes[key] == nil && (key.parent.map { isTop($0, cache: &cache) } ?? true)
        cache[key] = top
        return top
    }

    private mutating func checkTotal(
        _ total: BudgetTotalRow, lines: [BudgetLineKey: AmountSum], persenColumn: Int?,
        persenIsMachine: Bool
    ) throws {
        var cache: [BudgetLineKey: Bool] = [:]
        var sum = AmountSum()
        for (key, part) in lines where isTop(key, cache: &cache) { sum.add(part) }
        let label = total.label.isEmpty ? "Baris jumlah" : total.label
        for (column, printed, computed) in [
            ("anggaran", total.anggaran, Optional(sum.anggaran)),
            ("realisasi", total.realisasi, sum.realisasiTotal),
        ] {
            guard let printed, let computed, printed != computed else { continue }
            findings.append(
                Temuan(
                    .jumlahBeda,
                    message: "\(label): \(column) tercetak \(IndonesianFormat.number(printed)), "
                        + "jumlah \(sum.count) baris di atasnya \(IndonesianFormat.number(computed)) (selisih "
                        + "\(IndonesianFormat.number(printed - computed))).", source: source(total.row)))
        }
        if !total.persen.isEmpty {
            try checkPercent(
                total.persen, anggaran: total.anggaran ?? sum.anggaran,
                realisasi: total.realisasi ?? sum.realisasiTotal, label: label, row: total.row,
                column: persenColumn, machine: persenIsMachine)
        }
    }

    private mutating func checkPercent(
        _ printed: String, anggaran: Decimal, realisasi: Decimal?, label: String,
        row: Int, column: Int?, machine: Bool
    ) throws {
        // An XLSX numeric cell says 95.51 with a decimal point; the check reads Indonesian text.
        let text =
            machine && NumberColumn.looksMachine(printed) ? printed.replacingOccurrences(of: ".", with: ",") : printed
        do {
            let finding: Temuan?
            if let realisasi {
                finding = try ConsistencyCheck.printedAbsorption(
                    text, anggaran: anggaran, realisasi: realisasi,
                    label: label, source: source(row))
            } else {
                finding = try ConsistencyCheck.printedPercent(text, computed: nil, label: label, source: source(row))
            }
            if let finding { findings.append(finding) }
        } catch {
            throw ImportProblem.number(error, file: file, row: row, column: "persen", index: column)
        }
    }
}

extension Int {
    /// self, self − 1, …, `end`.
    func stride(down end: Int) -> StrideThrough<Int> { Swift.stride(from: self, through: end, by: -1) }
}

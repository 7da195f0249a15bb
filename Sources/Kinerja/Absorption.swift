import Foundation

/// Penyerapan (budget absorption): Σ realisasi / Σ anggaran × 100 at every level,
/// never a mean of row percentages (a small program would then weigh as much as a large one).
public enum Absorption {
    /// Realisasi as percent of anggaran, unrounded; nil when anggaran is 0.
    public static func percent(realisasi: Decimal, anggaran: Decimal) -> Decimal? {
        anggaran == 0 ? nil : realisasi * 100 / anggaran
    }

    /// Sums all lines into one total.
    public static func total(_ lines: [BudgetLine]) -> AbsorptionTotal {
        var total = AbsorptionTotal()
        for line in lines { total.add(anggaran: line.anggaran, realisasi: line.realisasi) }
        return total
    }

    /// Sums lines per key: program, jenis belanja, or OPD (organisasi perangkat daerah, the
    /// government agency or department). Lines whose key is nil are skipped.
    public static func totals<Key: Hashable>(
        _ lines: [BudgetLine], by key: (BudgetLine) -> Key?
    ) -> [Key: AbsorptionTotal] {
        var result: [Key: AbsorptionTotal] = [:]
        for line in lines {
            guard let k = key(line) else { continue }
            result[k, default: AbsorptionTotal()].add(anggaran: line.anggaran, realisasi: line.realisasi)
        }
        return result
    }

    /// Sums leaf lines into their own code and every ancestor code (sub kegiatan → kegiatan →
    /// program → bidang → urusan, or down the account levels), so every level is a true sum.
    ///
    /// Feed leaf lines only: a parent row together with its children would be counted twice.
    /// Lines whose code does not parse are summed under their raw code alone.
    public static func rollUp(_ lines: [BudgetLine], kind: BudgetCode.Kind? = nil) -> [String: AbsorptionTotal] {
        var result: [String: AbsorptionTotal] = [:]
        for line in lines {
            var keys = [line.code]
            if let code = try? BudgetCode.parse(line.code, kind: kind) {
                keys = [code.text] + code.ancestors.map(\.text)
            }
            for key in keys {
                result[key, default: AbsorptionTotal()].add(anggaran: line.anggaran, realisasi: line.realisasi)
            }
        }
        return result
    }
}

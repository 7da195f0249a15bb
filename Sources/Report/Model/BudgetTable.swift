/// Budget lines with their total row (Σ anggaran, Σ realisasi, and the ratio of the sums).
public struct BudgetTable: Codable, Sendable, Equatable {
    public var rows: [BudgetLine]
    public var total: BudgetLine

    public init(rows: [BudgetLine], total: BudgetLine) {
        self.rows = rows
        self.total = total
    }
}

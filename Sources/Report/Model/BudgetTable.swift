/// Budget rows with their total row (Σ anggaran, Σ realisasi, and the ratio of the sums).
public struct BudgetTable: Codable, Sendable, Equatable {
    public var rows: [LKIPReport.BudgetRow]
    public var total: LKIPReport.BudgetRow

    public init(rows: [LKIPReport.BudgetRow], total: LKIPReport.BudgetRow) {
        self.rows = rows
        self.total = total
    }
}

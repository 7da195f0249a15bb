import Foundation

/// A JUMLAH / TOTAL / SUB TOTAL row as printed, kept until the end of the file for its check.
struct BudgetTotalRow {
    let kind: TotalRowKind
    let label: String
    let row: Int
    let anggaran: Decimal?
    let realisasi: Decimal?
    let persen: String
}

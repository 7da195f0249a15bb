import Foundation

/// A JUMLAH / TOTAL / SUB TOTAL row as printed, checked against the lines above it when it is read.
struct BudgetTotalRow {
    let kind: TotalRowKind
    let label: String
    let row: Int
    /// In sen.
    let anggaran: Int128?
    let realisasi: Int128?
    let persen: String
}

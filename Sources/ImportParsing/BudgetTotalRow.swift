import Foundation

/// A JUMLAH / TOTAL / SUB TOTAL row as printed, checked against the lines above it when it is read.
package struct BudgetTotalRow {
    package let kind: TotalRowKind
    package let label: String
    package let row: Int
    /// In sen.
    package let anggaran: Int128?
    package let realisasi: Int128?
    package let persen: String
}

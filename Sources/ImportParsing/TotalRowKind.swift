/// A total row of an export or LKIP table, recognised by its label: it is checked against the rows it sums,
/// never imported as a line.
///
/// `SUB TOTAL` sums the lines since the previous total row of either kind; `JUMLAH` and `TOTAL` sum the lines
/// since the previous `JUMLAH`/`TOTAL` (sub totals in between do not end their range); one right after another, or
/// one that says it sums everything (`namesWholeFile`), is a grand total over the whole file (`BudgetChecks`).
package enum TotalRowKind: Equatable {
    case subTotal
    case total

    /// The kind of row whose label (`JUMLAH`, `Jumlah Belanja`, `TOTAL`, `GRAND TOTAL`, `Sub Total`, `SUBTOTAL`)
    /// marks it; nil for other labels.
    package init?(label: String) {
        let words = label.uppercased().split { !$0.isLetter }
        guard let first = words.first else { return nil }
        if first == "SUBTOTAL" || (first == "SUB" && words.dropFirst().first == "TOTAL") {
            self = .subTotal
        } else if first == "JUMLAH" || first == "TOTAL" || first == "GRANDTOTAL"
            || (first == "GRAND" && words.dropFirst().first == "TOTAL")
        {
            self = .total
        } else {
            return nil
        }
    }

    /// Whether a total row's label says it sums the whole file (`GRAND TOTAL`, `TOTAL KESELURUHAN`,
    /// `JUMLAH SELURUHNYA`) rather than the lines since the previous total.
    package static func namesWholeFile(label: String) -> Bool {
        label.uppercased().split { !$0.isLetter }.contains {
            ["GRAND", "GRANDTOTAL", "KESELURUHAN", "SELURUH", "SELURUHNYA"].contains($0)
        }
    }
}

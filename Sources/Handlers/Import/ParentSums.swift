/// The sums kept for an account-level parent key: its children's, and those since the previous total rows.
struct ParentSums {
    var children = AmountSum()
    var sinceSubTotal = AmountSum()
    var sinceTotal = AmountSum()

    mutating func add(anggaran: Int128, realisasi: Int128?) {
        children.add(anggaran: anggaran, realisasi: realisasi)
        sinceSubTotal.add(anggaran: anggaran, realisasi: realisasi)
        sinceTotal.add(anggaran: anggaran, realisasi: realisasi)
    }

    mutating func add(_ other: ParentSums) {
        children.add(other.children)
        sinceSubTotal.add(other.sinceSubTotal)
        sinceTotal.add(other.sinceTotal)
    }
}

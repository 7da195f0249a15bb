/// The sums kept for an account-level parent key: its children's, and those since the previous total rows.
package struct ParentSums {
    package var children = AmountSum()
    package var sinceSubTotal = AmountSum()
    package var sinceTotal = AmountSum()

    package mutating func add(anggaran: Int128, realisasi: Int128?) {
        children.add(anggaran: anggaran, realisasi: realisasi)
        sinceSubTotal.add(anggaran: anggaran, realisasi: realisasi)
        sinceTotal.add(anggaran: anggaran, realisasi: realisasi)
    }

    package mutating func add(_ other: ParentSums) {
        children.add(other.children)
        sinceSubTotal.add(other.sinceSubTotal)
        sinceTotal.add(other.sinceTotal)
    }
}

/// A numbered subsection ("3.1 Pengukuran Kinerja") holding its blocks in reading order.
struct SubsectionView: Sendable {
    var heading: String
    var blocks: [BlockView]
}

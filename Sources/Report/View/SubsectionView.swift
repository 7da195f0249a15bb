/// A numbered subsection ("3.1 Pengukuran Kinerja") holding its blocks in reading order.
struct SubsectionView: Sendable {
    /// Nil for narrative text before its first subheading.
    var heading: String?
    var blocks: [BlockView]
}

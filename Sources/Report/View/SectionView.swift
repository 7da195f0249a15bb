/// A chapter-level section; in print each starts on a new page.
struct SectionView: Sendable {
    var id: String
    var heading: String
    var subsections: [SubsectionView]
}

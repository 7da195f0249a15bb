/// A bulleted list of the narrative.
struct ListView: Sendable {
    var items: [String]
}

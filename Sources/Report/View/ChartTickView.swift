/// An axis tick with its light grid line.
struct ChartTickView: Sendable {
    var x: String
    var labelY: String
    var label: String
}

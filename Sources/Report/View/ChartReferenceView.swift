/// The vertical reference line (100%) across the plot.
struct ChartReferenceView: Sendable {
    var x: String
    var top: String
    var bottom: String
    var labelY: String
    var label: String
}

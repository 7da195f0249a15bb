/// A horizontal bar chart as SVG geometry. All coordinates are strings computed from `Decimal` and rounded to
/// 0.1 px, so the SVG is identical on every machine; all text is escaped by the template like any other value.
struct ChartView: Sendable {
    /// Prefix for ids inside the SVG (hatch pattern), unique per chart in the document.
    var id: String
    /// "Gambar 3.1".
    var label: String
    var title: String
    /// Short text equivalent for screen readers.
    var description: String
    var width: String
    var height: String
    var plotLeft: String
    var plotRight: String
    var axisY: String
    var plotTop: String
    var ticks: [ChartTickView]
    var reference: ChartReferenceView?
    var rows: [ChartRowView]
    var legend: String?
}

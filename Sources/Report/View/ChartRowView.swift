/// One bar with its label lines above it and its value to the right.
struct ChartRowView: Sendable {
    var labelLines: [ChartTextLine]
    var barX: String
    var barY: String
    var barWidth: String
    var barHeight: String
    var valueX: String
    var valueY: String
    var valueText: String
    /// No value: an outlined hatched bar labelled "belum tersedia".
    var missing: Bool
    /// The value is beyond the axis: the bar stops at the edge and gets a break mark; the label has the real value.
    var capped: Bool
    /// The slanted break mark on a capped bar, from (capMarkX1, capMarkBottom) to (capMarkX2, capMarkTop).
    var capMarkX1: String
    var capMarkX2: String
    var capMarkTop: String
    var capMarkBottom: String
}

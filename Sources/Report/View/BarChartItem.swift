import Foundation

/// One bar to draw: its label, its value (nil = missing) and the text printed next to it.
struct BarChartItem: Sendable {
    var label: String
    var value: Decimal?
    var valueText: String
}

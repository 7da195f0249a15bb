/// One line of a wrapped chart label.
struct ChartTextLine: Sendable {
    var x: String
    var y: String
    var text: String
}

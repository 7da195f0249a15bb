/// One block of a section, in reading order: a paragraph, a table or a chart (exactly one is set).
struct BlockView: Sendable {
    var paragraph: String?
    var table: TableView?
    var chart: ChartView?

    static func text(_ paragraph: String) -> BlockView { BlockView(paragraph: paragraph) }
    static func table(_ table: TableView) -> BlockView { BlockView(table: table) }
    static func chart(_ chart: ChartView) -> BlockView { BlockView(chart: chart) }
}

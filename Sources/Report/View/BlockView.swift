/// One block of a section, in reading order: a paragraph, a list, a table, a chart, the signature block, or a
/// marked placeholder for narrative text not supplied yet (exactly one is set).
struct BlockView: Sendable {
    var paragraph: String?
    var list: ListView?
    var table: TableView?
    var chart: ChartView?
    var signature: SignatureView?
    var placeholder: String?

    static func text(_ paragraph: String) -> BlockView { BlockView(paragraph: paragraph) }
    static func list(_ items: [String]) -> BlockView { BlockView(list: ListView(items: items)) }
    static func table(_ table: TableView) -> BlockView { BlockView(table: table) }
    static func chart(_ chart: ChartView) -> BlockView { BlockView(chart: chart) }
    static func signature(_ signature: SignatureView) -> BlockView { BlockView(signature: signature) }
    static func placeholder(_ text: String) -> BlockView { BlockView(placeholder: text) }
}

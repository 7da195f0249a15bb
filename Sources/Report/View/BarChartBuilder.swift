import Foundation

/// Lays out a horizontal bar chart: one bar per item with its label wrapped above it, a grid, an axis and an
/// optional reference line (100%). Values beyond the axis are capped visually and labelled with the real value.
struct BarChartBuilder: Sendable {
    /// Axis end in percent, e.g. 120 for capaian (room to show over-achievement), 100 for absorption.
    var domainMax: Decimal
    var tickStep: Decimal
    /// Where to draw the reference line, e.g. 100; `nil` for none.
    var reference: Decimal?
    var referenceLabel: String = "100%"

    // Geometry in SVG user units. The chart is scaled to the page width, so these are proportions.
    private let width: Decimal = 720
    private let plotLeft: Decimal = 12
    private let plotWidth: Decimal = 530
    private let plotTop: Decimal = 22
    private let lineHeight: Decimal = 14
    private let barHeight: Decimal = 14
    private let rowGap: Decimal = 9
    /// Characters per label line; about the plot width at 11.5 px serif.
    private let labelWidth = 96

    init(domainMax: Decimal, tickStep: Decimal, reference: Decimal?) {
        self.domainMax = domainMax
        self.tickStep = tickStep
        self.reference = reference
    }

    func build(
        id: String, label: String, title: String, description: String, items: [BarChartItem],
        legend: String? = nil
    ) -> ChartView {
        var y = plotTop + 2
        var rows: [ChartRowView] = []
        for item in items {
            var lines: [ChartTextLine] = []
            for text in TextWrapper.wrap(item.label, width: labelWidth) {
                y += lineHeight
                lines.append(ChartTextLine(x: SVGNumber.format(plotLeft), y: SVGNumber.format(y), text: text))
            }
            let barY = y + 5
            rows.append(row(for: item, lines: lines, barY: barY))
            y = barY + barHeight + rowGap
        }
        let axisY = y
        var ticks: [ChartTickView] = []
        var tick: Decimal = 0
        while tick <= domainMax {
            let x = plotLeft + SVGNumber.scale(tick, domainMax: domainMax, length: plotWidth)
            ticks.append(
                ChartTickView(
                    x: SVGNumber.format(x), labelY: SVGNumber.format(axisY + 14), label: ReportText.number(tick) + "%"))
            tick += tickStep
        }
        let referenceView = reference.map { value in
            ChartReferenceView(
                x: SVGNumber.format(plotLeft + SVGNumber.scale(value, domainMax: domainMax, length: plotWidth)),
                top: SVGNumber.format(plotTop - 4), bottom: SVGNumber.format(axisY),
                labelY: SVGNumber.format(plotTop - 8), label: referenceLabel)
        }
        return ChartView(
            id: id, label: label, title: title, description: description, width: SVGNumber.format(width),
            height: SVGNumber.format(axisY + 22), plotLeft: SVGNumber.format(plotLeft),
            plotRight: SVGNumber.format(plotLeft + plotWidth),
            axisY: SVGNumber.format(axisY), plotTop: SVGNumber.format(plotTop - 4), ticks: ticks,
            reference: referenceView, rows: rows, legend: legend)
    }

    private func row(for item: BarChartItem, lines: [ChartTextLine], barY: Decimal) -> ChartRowView {
        let barWidth: Decimal
        let valueX: Decimal
        var capped = false
        if let value = item.value {
            capped = value > domainMax
            barWidth = SVGNumber.scale(value, domainMax: domainMax, length: plotWidth)
            valueX = plotLeft + barWidth + 6
        } else {
            // A missing value spans the whole plot as a pale hatched placeholder with the text inside it,
            // so it cannot be mistaken for a measured length.
            barWidth = plotWidth
            valueX = plotLeft + 6
        }
        let markX = plotLeft + barWidth - 12
        return ChartRowView(
            labelLines: lines, barX: SVGNumber.format(plotLeft), barY: SVGNumber.format(barY),
            barWidth: SVGNumber.format(barWidth), barHeight: SVGNumber.format(barHeight),
            valueX: SVGNumber.format(valueX), valueY: SVGNumber.format(barY + 11), valueText: item.valueText,
            missing: item.value == nil, capped: capped,
            capMarkX1: SVGNumber.format(markX), capMarkX2: SVGNumber.format(markX + 6),
            capMarkTop: SVGNumber.format(barY - 2), capMarkBottom: SVGNumber.format(barY + barHeight + 2))
    }
}

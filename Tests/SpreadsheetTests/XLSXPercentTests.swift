import Foundation
import Testing

@testable import Spreadsheet

@Suite("XLSX cells formatted as percentages")
struct XLSXPercentTests {
    @Test("a number formatted as a percentage reads as the percentage shown; other formats and text as stored")
    func percent() throws {
        let rows = try Fixture.rows("percent.xlsx")
        #expect(rows.count == 2)
        // 0.00% and a custom 0.0%: × 100 exactly; #,##0.00, the default and a quoted "%": as stored; a text cell
        // with a percent style stays text.
        // A formula's result keeps all its digits; the sheet shows it rounded to the format's decimals.
        #expect(rows[1].cells == ["95.51", "50", "1234.5", "0.25", "0.12", "7", "0,5", "-100", "1200", "95.51"])
    }

    @Test("a format code multiplies by 100 only for a % outside quotes and not escaped")
    func formatCodes() {
        #expect(XLSXWorkbook.isPercentFormat("0.00%"))
        #expect(XLSXWorkbook.isPercentFormat("#,##0.0%;[Red]-#,##0.0%"))
        #expect(!XLSXWorkbook.isPercentFormat("\"%\"0"))
        #expect(!XLSXWorkbook.isPercentFormat("0\\%"))
        #expect(!XLSXWorkbook.isPercentFormat("#,##0.00"))
        #expect(XLSXWorkbook.decimals(ofFormat: "0.00%") == 2)
        #expect(XLSXWorkbook.decimals(ofFormat: "0%") == 0)
        #expect(XLSXWorkbook.decimals(ofFormat: "#,##0.0%;[Red]-#,##0.000%") == 1)
        #expect(XLSXWorkbook.decimals(ofFormat: "\".\"0%") == 0)
    }
}

import Foundation
import Testing

@testable import Kinerja

@Suite("IndonesianFormat")
struct IndonesianFormatTests {
    private func d(_ text: String) -> Decimal { Decimal(string: text)! }

    @Test("decimal grouping and comma")
    func decimal() {
        #expect(IndonesianFormat.decimal(d("6406712635.13"), fractionDigits: 2) == "6.406.712.635,13")
        #expect(IndonesianFormat.decimal(d("1000"), fractionDigits: 0) == "1.000")
        #expect(IndonesianFormat.decimal(d("999"), fractionDigits: 1) == "999,0")
        #expect(IndonesianFormat.decimal(d("123456"), fractionDigits: 0) == "123.456")
        #expect(IndonesianFormat.decimal(d("0.5"), fractionDigits: 3) == "0,500")
        #expect(IndonesianFormat.decimal(d("1234567.891"), fractionDigits: -1) == "1.234.568")
    }

    @Test("money always has sen")
    func money() {
        #expect(IndonesianFormat.money(d("1398477701")) == "1.398.477.701,00")
        #expect(IndonesianFormat.money(d("1464186757.5")) == "1.464.186.757,50")
        #expect(IndonesianFormat.money(d("-1000")) == "-1.000,00")
        #expect(IndonesianFormat.money(0) == "0,00")
    }

    @Test("percent to two decimals")
    func percent() {
        #expect(IndonesianFormat.percent(d("96.87")) == "96,87%")
        #expect(IndonesianFormat.percent(Decimal(40) / 3) == "13,33%")
        #expect(IndonesianFormat.percent(100) == "100,00%")
    }

    @Test("number drops trailing zeros")
    func number() {
        #expect(IndonesianFormat.number(30) == "30")
        #expect(IndonesianFormat.number(d("62.83")) == "62,83")
        #expect(IndonesianFormat.number(d("77.50")) == "77,5")
        #expect(IndonesianFormat.number(d("1464186757.5")) == "1.464.186.757,5")
        #expect(IndonesianFormat.number(d("0.001")) == "0")
        #expect(IndonesianFormat.number(d("-1000")) == "-1.000")
    }

    static let halfUp: [(value: String, places: Int, rounded: String, text: String)] = [
        ("0.005", 2, "0.01", "0,01"),
        ("96.865", 2, "96.87", "96,87"),
        ("96.864999", 2, "96.86", "96,86"),
        ("0.125", 2, "0.13", "0,13"),
        ("2.5", 0, "3", "3"),
        ("-2.5", 0, "-3", "-3"),
        ("-0.005", 2, "-0.01", "-0,01"),
        ("-0.004", 2, "0", "0,00"),
        ("99.995", 2, "100", "100,00"),
        ("999.9995", 3, "1000", "1.000,000"),
    ]

    @Test("rounding is half up, away from zero", arguments: halfUp)
    func rounding(_ row: (value: String, places: Int, rounded: String, text: String)) {
        #expect(IndonesianFormat.round(d(row.value), places: row.places) == d(row.rounded))
        #expect(IndonesianFormat.decimal(d(row.value), fractionDigits: row.places) == row.text)
    }

    @Test("96,865 prints as 96,87%")
    func percentHalfUp() {
        #expect(IndonesianFormat.percent(d("96.865")) == "96,87%")
        #expect(IndonesianFormat.percent(d("-0.005")) == "-0,01%")
    }
}

import Foundation
import Testing

@testable import Kinerja

@Suite("IndonesianNumber")
struct IndonesianNumberTests {
    static let valid: [(text: String, percent: Bool, expected: String)] = [
        ("6.406.712.635,13", false, "6406712635.13"),
        ("1.398.477.701", false, "1398477701"),
        ("Rp. 3.983.537.465,-", false, "3983537465"),
        ("Rp. 3.983.537.465.-", false, "3983537465"),
        ("Rp. 2.776.718.927,63.-", false, "2776718927.63"),
        ("Rp 1.000", false, "1000"),
        ("rp1.000,50", false, "1000.5"),
        ("62,83%", false, "62.83"),
        ("(1.000.000,00)", false, "-1000000"),
        ("-1.000", false, "-1000"),
        ("−1.000", false, "-1000"),
        ("+7", false, "7"),
        ("-Rp 1.000", false, "-1000"),
        ("Rp -1.000", false, "-1000"),
        ("95.51", true, "95.51"),
        ("97.00", true, "97"),
        ("99.9", true, "99.9"),
        ("1.000", true, "1000"),
        ("62.83%", false, "62.83"),
        ("92%", false, "92"),
        ("92 %", false, "92"),
        ("  30 ", false, "30"),
        ("\u{00A0}1.464.186.757,50\u{00A0}", false, "1464186757.5"),
        ("0", false, "0"),
        ("0,005", false, "0.005"),
        ("123456789012345678901234567890", false, "123456789012345678901234567890"),
    ]

    @Test("valid Indonesian texts", arguments: valid)
    func parsesValid(_ row: (text: String, percent: Bool, expected: String)) throws {
        let value = try IndonesianNumber.parse(row.text, percent: row.percent)
        #expect(value == Decimal(string: row.expected, locale: Locale(identifier: "en_US_POSIX")), "\(row.text)")
    }

    @Test(
        "missing is nil, never zero",
        arguments: [
            "", "   ", "-", "–", "—", "n/a", "N/A", "na", "NA", "#N/A", "Rp -", "Rp",
        ])
    func missing(_ text: String) throws {
        #expect(try IndonesianNumber.parse(text) == nil)
    }

    static let malformed: [String] = [
        "2.67.338.000", "1.0000", "12.34.567", "1.000,", ",50", "1,000,00", "()", "( )", "12a", "abc",
        "1 000", "0.500", "1.000,00,00", "%", "--5", "(-5)", "95.51", "1.000,0.5",
        "1.234.567.890.123.456.789.012.345.678.901.234.567.890,12",
    ]

    @Test("malformed texts throw with the original text", arguments: malformed)
    func rejectsMalformed(_ text: String) {
        #expect(throws: NumberError.self, "\(text)") { try IndonesianNumber.parse(text) }
        do {
            _ = try IndonesianNumber.parse(text)
        } catch {
            #expect(error.text == text)
            #expect(!error.reason.isEmpty)
        }
    }

    @Test("the seed's 2.67.338.000 is rejected as bad grouping, keeping the text")
    func seedMalformedAnggaran() {
        do {
            _ = try IndonesianNumber.parse("2.67.338.000")
            Issue.record("accepted a malformed number")
        } catch {
            #expect(error.text == "2.67.338.000")
            #expect(error.reason == "pengelompokan ribuan tidak valid")
            #expect(error.description.contains("2.67.338.000"))
        }
    }

    @Test(
        "US style",
        arguments: [
            ("2,278,222,167.00", "2278222167"), ("1,000", "1000"), ("(1,234.5)", "-1234.5"), ("0.25", "0.25"),
        ])
    func usStyle(_ row: (String, String)) throws {
        #expect(try IndonesianNumber.parse(row.0, style: .us) == Decimal(string: row.1))
    }

    @Test("US style rejects Indonesian text")
    func usRejectsIndonesian() {
        #expect(throws: NumberError.self) { try IndonesianNumber.parse("1.000.000,00", style: .us) }
    }

    @Test("style detection per column")
    func detect() {
        #expect(IndonesianNumber.detectStyle(["1.464.186.757,50", "253.488.000"]) == .indonesian)
        #expect(IndonesianNumber.detectStyle(["62,83"]) == .indonesian)
        #expect(IndonesianNumber.detectStyle(["Rp. 3.983.537.465,-"]) == .indonesian)
        #expect(IndonesianNumber.detectStyle(["2,278,222,167.00"]) == .us)
        #expect(IndonesianNumber.detectStyle(["1,000,000"]) == .us)
        #expect(IndonesianNumber.detectStyle(["1.000"]) == nil)
        #expect(IndonesianNumber.detectStyle(["1,000", "250"]) == nil)
        #expect(IndonesianNumber.detectStyle(["", "-"]) == nil)
        // Disagreeing samples decide nothing; the column stays Indonesian and errors surface.
        #expect(IndonesianNumber.detectStyle(["1.000.000,50", "2,278,222,167.00"]) == nil)
    }

    @Test("printed decimals are counted")
    func fractionDigits() throws {
        #expect(try IndonesianNumber.fractionDigits("97.00", percent: true) == 2)
        #expect(try IndonesianNumber.fractionDigits("11%") == 0)
        #expect(try IndonesianNumber.fractionDigits("62,83%") == 2)
        #expect(try IndonesianNumber.fractionDigits("-") == nil)
    }

    @Test(
        "machine numbers are exact",
        arguments: [
            ("1464186757.5", "1464186757.5"), ("1.2E-3", "0.0012"), ("1.2e3", "1200"), ("-0.5", "-0.5"),
            ("6406712635.13", "6406712635.13"), ("2776718927.63", "2776718927.63"), ("+3", "3"), ("0", "0"),
            ("1E+2", "100"), (".5", "0.5"), ("0.1", "0.1"), ("3.0000000000000004", "3.0000000000000004"),
        ])
    func machine(_ row: (String, String)) throws {
        #expect(try IndonesianNumber.parseMachine(row.0) == Decimal(string: row.1))
    }

    @Test("machine parser keeps cents exact where a Double would not")
    func machineExactCents() throws {
        let sum = try IndonesianNumber.parseMachine("0.1") + IndonesianNumber.parseMachine("0.2")
        #expect(try sum == IndonesianNumber.parseMachine("0.3"))
    }

    @Test(
        "malformed machine numbers throw",
        arguments: [
            "", "1,5", "1.2.3", "e5", "1e", "1e-", "abc", "1.000,00", "-", "1e-200", "1e99999",
            "123456789012345678901234567890123456789012.5",
        ])
    func machineMalformed(_ text: String) {
        #expect(throws: NumberError.self) { try IndonesianNumber.parseMachine(text) }
    }
}

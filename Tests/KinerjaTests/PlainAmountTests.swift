import Foundation
import Testing

@testable import Kinerja

@Suite("PlainAmount and Sen")
struct PlainAmountTests {
    static func read(_ text: String) -> PlainAmount {
        Array(text.utf8).withUnsafeBufferPointer { PlainAmount.read($0) }
    }

    @Test(
        "the fast reading of export amounts",
        arguments: [
            ("1.464.186.757,50", PlainAmount.sen(146_418_675_750)),
            ("8019000", .sen(801_900_000)),
            ("267.338.000", .sen(26_733_800_000)),
            ("0", .sen(0)),
            ("0,5", .sen(50)),
            ("12,05", .sen(1205)),
            ("  950.900.014,50 ", .sen(95_090_001_450)),
            ("007", .sen(700)),
            ("", .missing),
            ("-", .missing),
            ("  ", .missing),
        ])
    func reads(text: String, expected: PlainAmount) {
        #expect(Self.read(text) == expected)
    }

    @Test(
        "an XLSX numeric cell's money read as parseMachine reads it",
        arguments: ["8019000", "1464186757.5", "1464186757.50", "-12", "-12.25", "0", "0.01", "007.10"])
    func readsMachine(text: String) throws {
        let fast = Array(text.utf8).withUnsafeBufferPointer { PlainAmount.readMachine($0) }
        let general = try #require(Sen.from(try IndonesianNumber.parseMachine(text)))
        #expect(fast == .sen(Int64(general)))
    }

    @Test(
        "machine texts with an exponent, three decimals or other characters are left to the general parser",
        arguments: ["1.2E-3", "1464186757.505", "267.338", "1.", ".5", "-", "1,5", "1 000", "12345678901234567", "+5"])
    func leavesOtherMachineTexts(text: String) {
        #expect(Array(text.utf8).withUnsafeBufferPointer { PlainAmount.readMachine($0) } == .other)
    }

    @Test(
        "anything unusual is left to IndonesianNumber",
        arguments: [
            "2.67.338.000", "1.23", "0.500", "1.234,567", ",5", "1,", "-1.000", "(1.000)", "Rp 1.000", "1.000,-",
            "62,83%", "n/a", "1 000", "12345678901234567", "1.000.00", "1e5", "1.234.5678", "–",
        ])
    func leavesTheRest(text: String) {
        #expect(Self.read(text) == .other)
    }

    @Test("wherever the fast reading gives a value, IndonesianNumber gives the same one")
    func agreesWithTheGeneralParser() throws {
        var texts = [
            "1.464.186.757,50", "8019000", "267.338.000", "0,5", "12,05", "1", "999.999.999.999.999,99", "10.000",
            "0", "00", "0,00", "-",
        ]
        // Generated amounts in both forms, grouped and plain, with and without sen.
        var seed: UInt64 = 42
        for _ in 0..<2000 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let rupiah = (seed >> 20) % 1_000_000_000_000
            let sen = (seed >> 8) % 100
            let grouped = IndonesianFormat.number(Decimal(rupiah))
            texts += [grouped, "\(rupiah)", "\(grouped),\(sen < 10 ? "0" : "")\(sen)", "\(rupiah),\(sen % 10)"]
        }
        var fast = 0
        for text in texts {
            switch Self.read(text) {
            case .sen(let sen):
                fast += 1
                let general = try IndonesianNumber.parse(text)
                #expect(general == Sen.decimal(Int128(sen)), "\(text)")
            case .missing:
                #expect(try IndonesianNumber.parse(text) == nil, "\(text)")
            case .other:
                break
            }
        }
        #expect(fast > 7000)
    }

    @Test("sen convert to and from Decimal and print as numeric text, exactly")
    func sen() {
        #expect(Sen.decimal(640_671_263_513) == Decimal(string: "6406712635.13")!)
        #expect(Sen.from(Decimal(string: "6406712635.13")!) == 640_671_263_513)
        #expect(Sen.from(Decimal(string: "-0.5")!) == -50)
        #expect(Sen.from(Decimal(string: "1.005")!) == nil)
        let large = Int128(999_999_999_999_999_999) * 100 + 99
        #expect(Sen.from(Sen.decimal(large)) == large)
        #expect(Sen.text(640_671_263_513) == "6406712635.13")
        #expect(Sen.text(5) == "0.05")
        #expect(Sen.text(-150) == "-1.50")
        #expect(Sen.text(0) == "0.00")
        #expect(Sen.text(large) == "999999999999999999.99")
    }
}

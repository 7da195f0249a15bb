import Foundation
import Testing

@testable import Kinerja

@Suite("printed capaian: checked, and the formula behind a wrong one named")
struct PrintedCapaianTests {
    func check(
        _ printed: String, _ target: Target?, _ realisasi: Decimal?, _ polaritas: Polaritas = .negatif,
        _ method: CapaianMethod = .standard
    ) throws -> String? {
        try PrintedCapaian.check(
            printed, target: target, realisasi: realisasi, polaritas: polaritas, method: method, label: "AKI"
        )?.message
    }

    static func d(_ text: String) -> Decimal { Decimal(string: text)! }

    @Test("the three mortality rows: target / realisasi named, the others match no known formula")
    func mortality() throws {
        #expect(
            try check("87,10", .value(Self.d("0.16")), Self.d("0.19"))
                == "AKI: capaian tercetak 87,1% tidak cocok dengan rumus yang dikenal; indikator ini negatif dengan "
                + "metode standar: 81,25%.")
        #expect(
            try check("96,54", .value(Self.d("9.20")), Self.d("9.53"))
                == "AKI: capaian tercetak 96,54% = target / realisasi; indikator ini negatif dengan metode standar: "
                + "96,41%.")
        #expect(
            try check("72,52", .value(Self.d("0.64")), Self.d("0.18"))
                == "AKI: capaian tercetak 72,52% tidak cocok dengan rumus yang dikenal; indikator ini negatif dengan "
                + "metode standar: 171,88%.")
        // On the raw counts the document prints elsewhere, 162 / 186 is the printed 87,10.
        #expect(try check("87,10", .value(162), 186)?.contains("87,1% = target / realisasi") == true)
    }

    @Test("each known formula is recognised")
    func formulas() throws {
        // A lower-is-better indicator computed as if higher were better.
        #expect(try check("118,75", .value(Self.d("0.16")), Self.d("0.19"))?.contains("= realisasi / target;") == true)
        // A higher-is-better indicator computed with the lower-is-better formula.
        #expect(try check("125", .value(80), 60, .positif)?.contains("= (2 × target − realisasi) / target;") == true)
        // target / realisasi where the standard formula applies.
        #expect(try check("96,54", .value(Self.d("9.20")), Self.d("9.53"))?.contains("= target / realisasi;") == true)
        // A range: the lower bound used where the realisasi is above the range.
        let range = Target.range(Self.d("4.10"), Self.d("5.55"))
        #expect(
            try check("146,34", range, 6, .positif)?.contains("= realisasi / target dengan batas bawah target;") == true
        )
        // Cut instead of rounded, and rounded to a whole number.
        #expect(
            try check("89", .value(Self.d("92")), Self.d("82.58"), .positif)?.contains(
                "= hasil rumus yang benar, dipotong (tidak dibulatkan);") == true)
        #expect(
            try check("90,00", .value(Self.d("92")), Self.d("82.58"), .positif)?.contains(
                "= hasil rumus yang benar, dibulatkan ke bilangan bulat;") == true)
    }

    @Test("a right printed value gives no finding, rounded or within 0,01 points")
    func right() throws {
        #expect(try check("81,25", .value(Self.d("0.16")), Self.d("0.19")) == nil)
        #expect(try check("81%", .value(Self.d("0.16")), Self.d("0.19")) == nil)
        #expect(try check("13,33%", .value(30), 4, .positif) == nil)
        #expect(try check("100%", .range(Self.d("4.10"), Self.d("5.55")), 5, .positif) == nil)
        #expect(try check("", .value(30), 4, .positif) == nil)
    }

    @Test("a capaian printed where none can be computed is a finding; an unreadable one throws")
    func notComputable() throws {
        let message = try check("50%", .value(10), nil)
        #expect(
            message?.hasPrefix("AKI: capaian tercetak 50%, padahal capaian tidak dapat dihitung: Realisasi") == true)
        #expect(throws: NumberError.self) { try check("lima puluh", .value(10), 5) }
    }
}

@Suite("numbers with the other decimal mark than their column")
struct OtherSeparatorTests {
    @Test("read when they can be nothing else, flagged; ambiguous and malformed text as before")
    func tolerant() throws {
        let dot = try IndonesianNumber.parseTolerant("4.65", style: .indonesian)
        #expect(dot.value == Decimal(string: "4.65") && dot.otherStyle)
        let comma = try IndonesianNumber.parseTolerant("4,65", style: .us)
        #expect(comma.value == Decimal(string: "4.65") && comma.otherStyle)
        let own = try IndonesianNumber.parseTolerant("4,10", style: .indonesian)
        #expect(own.value == Decimal(string: "4.1") && !own.otherStyle)
        // Three digits after a dot are a group of thousands in an Indonesian column: 1234, not 1,234.
        let grouped = try IndonesianNumber.parseTolerant("1.234", style: .indonesian)
        #expect(grouped.value == 1234 && !grouped.otherStyle)
        #expect(throws: NumberError.self) { try IndonesianNumber.parseTolerant("4.6.5", style: .indonesian) }
        #expect(throws: NumberError.self) { try IndonesianNumber.parseTolerant("4.65,1", style: .indonesian) }
    }
}

import Foundation
import Testing

@testable import Kinerja

@Suite("Target, Polaritas, CapaianMethod")
struct IndicatorTextTests {
    @Test(
        "targets",
        arguments: [
            ("30", Target.value(30)),
            ("92%", Target.value(92)),
            ("95.51", Target.value(Decimal(string: "95.51")!)),
            ("62,83%", Target.value(Decimal(string: "62.83")!)),
            ("80-90", Target.range(80, 90)),
            ("80 - 90", Target.range(80, 90)),
            ("80–90", Target.range(80, 90)),
            ("80% - 90%", Target.range(80, 90)),
            ("80 s/d 90", Target.range(80, 90)),
            ("-5 - 5", Target.range(-5, 5)),
            ("-5", Target.value(-5)),
            ("1.000", Target.value(1000)),
        ])
    func targets(_ row: (String, Target)) throws {
        #expect(try Target.parse(row.0) == row.1)
    }

    @Test("missing target is nil")
    func missingTarget() throws {
        #expect(try Target.parse("-") == nil)
        #expect(try Target.parse("") == nil)
    }

    @Test("bad targets throw", arguments: ["90-80", "abc", "2.67.338.000", "80-", "80 - x"])
    func badTargets(_ text: String) {
        #expect(throws: NumberError.self) { try Target.parse(text) }
    }

    @Test("target display")
    func targetDisplay() {
        #expect(Target.range(80, 90).description == "80 - 90")
        #expect(Target.value(Decimal(string: "62.83")!).description == "62,83")
    }

    @Test(
        "polaritas spellings",
        arguments: [
            ("positif", Polaritas.positif), ("Positive", .positif), ("+", .positif), (" POSITIF ", .positif),
            ("semakin tinggi semakin baik", .positif), ("negatif", .negatif), ("negative", .negatif),
            ("Negatif", .negatif), ("semakin  rendah semakin baik", .negatif), ("lower_is_better", .negatif),
        ])
    func polaritas(_ row: (String, Polaritas)) throws {
        #expect(try Polaritas.parse(row.0) == row.1)
    }

    @Test("empty polaritas is nil; '-' and unknown values throw")
    func polaritasErrors() throws {
        #expect(try Polaritas.parse("  ") == nil)
        for text in ["-", "–", "naik turun", "x"] {
            #expect(throws: ValueError.self) { try Polaritas.parse(text) }
        }
        do {
            _ = try Polaritas.parse("-")
        } catch {
            #expect(error.field == "polaritas")
            #expect(error.reason.contains("ambigu"))
        }
    }

    @Test("metode")
    func method() throws {
        #expect(try CapaianMethod.parse("") == .standard)
        #expect(try CapaianMethod.parse(" ") == .standard)
        #expect(try CapaianMethod.parse("Rasio") == .rasio)
        #expect(throws: ValueError.self) { try CapaianMethod.parse("terbalik") }
    }
}

@Suite("CategoryScale")
struct CategoryScaleTests {
    @Test(
        "Permendagri 86/2017 on the unrounded value",
        arguments: [
            ("100", "Sangat Tinggi"), ("91", "Sangat Tinggi"), ("90.996", "Tinggi"), ("76", "Tinggi"),
            ("75.999", "Sedang"), ("66", "Sedang"), ("65.5", "Rendah"), ("51", "Rendah"), ("50.99", "Sangat Rendah"),
            ("0", "Sangat Rendah"), ("430", "Sangat Tinggi"),
        ])
    func permendagri86(_ row: (String, String)) {
        #expect(CategoryScale.permendagri86.category(for: Decimal(string: row.0)!) == row.1)
    }

    @Test("custom scale, thresholds in any order, and nil for nil")
    func custom() {
        let scale = CategoryScale(
            name: "Contoh",
            thresholds: [.init(minimum: 50, label: "Cukup"), .init(minimum: 100, label: "Tercapai")],
            lowest: "Kurang")
        #expect(scale.thresholds.map(\.label) == ["Tercapai", "Cukup"])
        #expect(scale.category(for: Decimal(100)) == "Tercapai")
        #expect(scale.category(for: Decimal(string: "99.99")!) == "Cukup")
        #expect(scale.category(for: Decimal(10)) == "Kurang")
        #expect(scale.category(for: nil as Decimal?) == nil)
    }
}

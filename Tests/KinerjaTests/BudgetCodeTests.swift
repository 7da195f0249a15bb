import Testing

@testable import Kinerja

@Suite("BudgetCode")
struct BudgetCodeTests {
    @Test(
        "program hierarchy levels and parents",
        arguments: [
            ("8", BudgetCode.Kind.program, BudgetCode.Level.urusan, nil as String?),
            ("8.01", .program, .bidangUrusan, "8"),
            ("8.01.01", .program, .program, "8.01"),
            ("8.01.01.2.01", .program, .kegiatan, "8.01.01"),
            ("8.01.01.2.01.0001", .program, .subKegiatan, "8.01.01.2.01"),
            ("X.XX.01", .program, .program, "X.XX"),
        ])
    func program(_ row: (String, BudgetCode.Kind, BudgetCode.Level, String?)) throws {
        let code = try BudgetCode.parse(row.0, kind: row.1)
        #expect(code.level == row.2)
        #expect(code.parent?.text == row.3)
        #expect(code.text == row.0)
    }

    @Test(
        "account levels and parents",
        arguments: [
            ("5", BudgetCode.Level.akun, nil as String?),
            ("5.1", .kelompok, "5"),
            ("5.1.02", .jenis, "5.1"),
            ("5.1.02.01", .objek, "5.1.02"),
            ("5.1.02.01.01", .rincianObjek, "5.1.02.01"),
            ("5.1.02.01.01.0008", .subRincianObjek, "5.1.02.01.01"),
            ("5.2.2.01.01", .rincianObjek, "5.2.2.01"),
        ])
    func account(_ row: (String, BudgetCode.Level, String?)) throws {
        let code = try BudgetCode.parse(row.0, kind: .account)
        #expect(code.level == row.1)
        #expect(code.parent?.text == row.2)
    }

    @Test("kind is detected from the second segment")
    func detectKind() throws {
        #expect(try BudgetCode.parse("5.1.02.01.01.0008").kind == .account)
        #expect(try BudgetCode.parse("8.01.01.2.01").kind == .program)
        #expect(throws: ValueError.self) { try BudgetCode.parse("8") }
    }

    @Test("ancestors are rebuilt from prefixes")
    func ancestors() throws {
        let code = try BudgetCode.parse("8.01.01.2.01.0001")
        #expect(code.ancestors.map(\.text) == ["8.01.01.2.01", "8.01.01", "8.01", "8"])
        #expect(try BudgetCode.parse("8.01.01").isAncestor(of: code))
        #expect(try !BudgetCode.parse("8.01.02").isAncestor(of: code))
    }

    @Test(
        "malformed codes throw",
        arguments: [
            ("", BudgetCode.Kind?.none), ("8..01", .none), ("8.01.01.2", .program), ("8.1.01", .program),
            ("8.01.01.2.01.001", .program), ("5.1.02.01.01.0008.1", .account), ("5.a", .account), ("51.02", .account),
        ])
    func malformed(_ row: (String, BudgetCode.Kind?)) {
        #expect(throws: ValueError.self, "\(row.0)") { try BudgetCode.parse(row.0, kind: row.1) }
    }

    @Test(
        "jenis belanja by the year's scheme",
        arguments: [
            ("5.1.01.01", 2020, JenisBelanja?.some(.tidakLangsung)),
            ("5.2.2.01.01", 2020, .langsung),
            ("5.1.02.01.01.0008", 2021, .operasi),
            ("5.2.02.05.01.0001", 2021, .modal),
            ("5.3.01.01.01.0001", 2022, .tidakTerduga),
            ("5.4.01.05", 2023, .transfer),
            ("5.3.01", 2020, nil),
            ("4.1.01", 2021, nil),
            ("8.01.01", 2021, nil),
        ])
    func jenisBelanja(_ row: (String, Int, JenisBelanja?)) {
        #expect(BudgetCode.jenisBelanja(forAccount: row.0, year: row.1) == row.2)
    }
}

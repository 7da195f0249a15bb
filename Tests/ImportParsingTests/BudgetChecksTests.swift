import Foundation
import ImportParsing
import Kinerja
import Spreadsheet
import Testing

/// The budget checks fed with records parsed from cells: no database, no job.
@Suite("budget checks: totals, parents and printed percentages of a budget export")
struct BudgetChecksTests {
    static let header =
        "tahun,kode_skpd,nama_skpd,kode_sub_kegiatan,nama_sub_kegiatan,kode_rekening,uraian,jenis_belanja,"
        + "nilai_rincian,realisasi,persen"
    static let place = "2024,9.99.0.00.0.00.01.0000,OPD Uji,8.01.01.2.01.0001,Sub Kegiatan Satu"

    /// Parses `rows` below the header and runs every record through the checks, as the import does.
    static func check(_ rows: [String], maxHeldLines: Int? = nil, maxFindings: Int = 10_000) throws -> (
        findings: [Temuan], leaves: [Int], parents: [Int]
    ) {
        let text = ([header] + rows).joined(separator: "\n") + "\n"
        let reader = try SpreadsheetFile.open(data: Data(text.utf8), displayName: "uji.csv")
        var table = try TableReader(reader: reader, matcher: BudgetColumns.matcher(tahunGiven: false, opdGiven: false))
        let columns = ColumnMap(header: table.header, file: "uji.csv", percentColumn: "persen")
        var parser = BudgetRowParser(
            columns: columns, anggaran: NumberColumn(name: "anggaran", money: true, isXLSX: false),
            realisasi: NumberColumn(name: "realisasi", money: true, isXLSX: false), tahun: nil, kodeOPD: nil)
        var checks = BudgetChecks(
            file: "uji.csv", keepsBlocks: false, persenColumn: columns.index["persen"], persenIsMachine: false,
            maxHeldLines: maxHeldLines, maxFindings: maxFindings)
        var leaves: [Int] = []
        var parents: [Int] = []
        func take(_ resolved: [(line: BudgetRecord, isLeaf: Bool)]) {
            for (line, isLeaf) in resolved {
                if isLeaf { leaves.append(line.row) } else { parents.append(line.row) }
            }
        }
        while let record = try table.next() {
            switch try parser.parse(record.cells, row: record.number) {
            case .line(let line):
                if try checks.add(line) { leaves.append(line.row) }
                take(checks.takeResolved())
            case .total(let total): try checks.add(total)
            case .skip: break
            }
        }
        let findings = checks.finish()
        take(checks.takeResolved())
        return (findings, leaves.sorted(), parents.sorted())
    }

    @Test("a consistent block gives no finding; its sub kegiatan line is a parent, its accounts leaves")
    func consistent() throws {
        let result = try Self.check([
            Self.place + ",,,,\"9.000,50\",8.100,90",
            Self.place + ",5.1.02.01.01.0001,Belanja A,,\"4.000,50\",3.600,",
            Self.place + ",5.1.02.01.01.0002,Belanja B,,5.000,4.500,90",
            "JUMLAH,,,,,,,,\"9.000,50\",8.100,",
        ])
        #expect(result.findings.isEmpty, "\(result.findings)")
        #expect(result.parents == [2])
        #expect(result.leaves == [3, 4])
    }

    @Test("a parent that is not the sum of its children, a wrong JUMLAH and a wrong printed percentage are named")
    func inconsistent() throws {
        let result = try Self.check([
            Self.place + ",,,,10.000,9.000,90",
            Self.place + ",5.1.02.01.01.0001,Belanja A,,4.000,4.000,100",
            Self.place + ",5.1.02.01.01.0002,Belanja B,,5.000,5.000,50",
            "JUMLAH,,,,,,,,10.500,9.000,",
        ])
        #expect(result.findings.map(\.code) == [.indukBeda, .persenBeda, .jumlahBeda])
        #expect(result.findings.map(\.source) == ["uji.csv baris 2", "uji.csv baris 4", "uji.csv baris 5"])
        let induk = try #require(result.findings.first)
        #expect(induk.message.contains("anggaran 10.000 tidak sama dengan jumlah 2 baris di bawahnya 9.000"))
        #expect(result.findings.last?.message.contains("anggaran tercetak 10.500") == true)
    }

    @Test("a file of endless parent rows waiting for children (a zip bomb's repeated row) is refused past the limit")
    func heldLines() throws {
        let program = "2024,9.99.0.00.0.00.01.0000,OPD Uji,8.01.01,Program Satu,,,,1.000,900,"
        #expect(throws: Never.self) { try Self.check(Array(repeating: program, count: 10), maxHeldLines: 10) }
        #expect {
            try Self.check(Array(repeating: program, count: 11), maxHeldLines: 10)
        } throws: { error in
            "\(error)".hasPrefix(
                "uji.csv baris 12: lebih dari 10 baris program, kegiatan, sub kegiatan atau akun induk")
        }
    }

    @Test("findings past the limit are counted by code in one finding, not kept one by one")
    func findingsLimit() throws {
        let rows = (1...5).map { Self.place + ",5.1.02.01.01.000\($0),Belanja,,1.000,900,50" }
        let findings = try Self.check(rows, maxFindings: 3).findings
        #expect(findings.map(\.code) == [.persenBeda, .persenBeda, .persenBeda, .persenBeda])
        #expect(
            findings.last?.message
                == "2 temuan PERSEN_BEDA lain tidak dicatat satu per satu: lebih dari 3 temuan dalam satu OPD; periksa berkasnya."
        )
    }

    @Test("a TOTAL right after a JUMLAH, or a GRAND TOTAL, is compared with the whole file")
    func grandTotals() throws {
        let other = "2024,9.99.0.00.0.00.01.0000,OPD Uji,8.01.01.2.01.0002,Sub Kegiatan Dua"
        let blocks = [
            Self.place + ",5.1.02.01.01.0001,Belanja A,,1.000,900,",
            "JUMLAH,,,,,,,,1.000,900,",
            other + ",5.1.02.01.01.0001,Belanja A,,2.000,1.800,",
            "JUMLAH,,,,,,,,2.000,1.800,",
        ]
        #expect(try Self.check(blocks + ["TOTAL,,,,,,,,3.000,2.700,90"]).findings.isEmpty)
        #expect(try Self.check(blocks + ["GRAND TOTAL,,,,,,,,3.000,2.700,"]).findings.isEmpty)
        // A grand total by its label, with no JUMLAH of its own before it.
        #expect(try Self.check([blocks[0], blocks[2], "TOTAL KESELURUHAN,,,,,,,,3.000,2.700,"]).findings.isEmpty)
        let wrong = try Self.check(blocks + ["GRAND TOTAL,,,,,,,,3.100,2.700,"]).findings
        #expect(wrong.map(\.code) == [.jumlahBeda])
        #expect(
            wrong.first?.message
                == "GRAND TOTAL: anggaran tercetak 3.100, jumlah 2 baris di atasnya 3.000 (selisih 100).")
    }

    @Test("an account line of a block that was already closed throws BlockReopened unless every block is kept")
    func reopenedBlock() throws {
        let other = "2024,9.99.0.00.0.00.01.0000,OPD Uji,8.01.01.2.01.0002,Sub Kegiatan Dua"
        let rows = [
            Self.place + ",5.1.02.01.01.0001,Belanja A,,1.000,1.000,",
            other + ",5.1.02.01.01.0001,Belanja A,,2.000,2.000,",
            Self.place + ",5.1.02.01.01.0002,Belanja B,,3.000,3.000,",
        ]
        #expect(throws: BudgetChecks.BlockReopened.self) { try Self.check(rows) }
    }
}

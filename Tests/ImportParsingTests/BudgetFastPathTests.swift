import Foundation
import ImportParsing
import Spreadsheet
import Testing

@Suite("import_rka: the fast path gives the general parser's lines")
struct BudgetFastPathTests {
    static let header =
        "tahun,kode_skpd,nama_skpd,kode_sub_kegiatan,nama_sub_kegiatan,kode_rekening,uraian,jenis_belanja,"
        + "nilai_rincian,realisasi,persen"
    static let rows = [
        "2024,9.99.0.00.0.00.01.0000,OPD Uji,8.01.01.2.01.0001,Sub Kegiatan Satu,,,,\"9.000,50\",8.100,90",
        "2024,9.99.0.00.0.00.01.0000,OPD Uji,8.01.01.2.01.0001,Sub Kegiatan Satu,5.1.02.01.01.0001,Belanja A,,1.000,900,",
        "2024,9.99.0.00.0.00.01.0000,OPD Uji,8.01.01.2.01.0001,Sub Kegiatan Satu,5.1.02.01.01.0002,Belanja B,,\"2.000,5\",-,",
        "2024,9.99.0.00.0.00.01.0000,OPD Uji,8.01.01.2.01.0001,Sub Kegiatan Satu,5.1.02.01.01.0003,Belanja C,,  3.000 ,,",
        "2024,9.99.0.00.0.00.01.0000,OPD Uji,8.01.01.2.01.0001,Sub Kegiatan Satu,5.1.02.01.01.0004,Belanja D,,Rp 4.000,4000,",
        "2024,9.99.0.00.0.00.01.0000,OPD Uji,8.01.01.2.01.0001,Sub Kegiatan Satu,5.1.02.01.01,Belanja Rinci,,500,,90",
        "2024,9.99.0.00.0.00.01.0000,OPD Uji,8.01.01.2.01.0001,Sub Kegiatan Satu,5.1.02.01.01.0005,\"Belanja \"\"E\"\"\",,500,500,,,",
        "2024,9.99.0.00.0.00.01.0000,OPD Uji,8.01.01.2.01.0001,Sub Kegiatan Satu,5.1.02.01.01.0006,Belanja Café,,600,,",
        "2024,9.99.0.00.0.00.01.0000,OPD Uji,8.01.01.2.01.0001,Sub Kegiatan Satu,5.2.02.01.01.0001,Modal A,Belanja Modal,700,,",
        "2024,9.99.0.00.0.00.01.0000,OPD Uji,8.01.01.2.01.0001,Sub Kegiatan Satu,5.2.02.01.01.0002,Modal B,Belanja Modal,800,,",
        "JUMLAH,,,,,,,,\"15.101,00\",,",
        "2024,9.99.0.00.0.00.01.0000,OPD Uji,8.01.01.2.01.0002,Sub Kegiatan Dua,5.1.02.01.01.0001,Belanja A,,900,,",
        "2024,9.99.0.00.0.00.01.0000,OPD Uji,8.01.01.2.01.0002,Sub Kegiatan Dua,5.1.02.01.01.0002,Belanja B,,1.100,1.100,",
        "2024,9.99.0.00.0.00.01.0000,OPD Uji,8.01.01.2.01.0002,Sub Kegiatan Dua,9.9,Bukan akun,,1.200,,",
        // The same accounts a year under the 13/2006 scheme: their jenis_belanja is not 2024's.
        "2020,9.99.0.00.0.00.01.0000,OPD Uji,8.01.01.2.01.0002,Sub Kegiatan Dua,5.1.02.01.01.0001,Belanja A,,900,,",
        "2020,9.99.0.00.0.00.01.0000,OPD Uji,8.01.01.2.01.0002,Sub Kegiatan Dua,5.1.02.01.01.0002,Belanja B,,900,,",
    ]

    @Test("row by row, every line the fast path makes equals the general parser's")
    func sameLines() throws {
        let text = ([Self.header] + Self.rows).joined(separator: "\r\n") + "\r\n"
        let reader = try SpreadsheetFile.open(data: Data(text.utf8), displayName: "uji.csv")
        var table = try TableReader(reader: reader, matcher: BudgetColumns.matcher(tahunGiven: false, opdGiven: false))
        let columns = ColumnMap(header: table.header, file: "uji.csv", percentColumn: "persen")
        let anggaran = NumberColumn(name: "anggaran", money: true, isXLSX: false)
        let realisasi = NumberColumn(name: "realisasi", money: true, isXLSX: false)
        var parser = BudgetRowParser(
            columns: columns, anggaran: anggaran, realisasi: realisasi, tahun: nil, kodeOPD: nil)
        var fast = BudgetFastPath(columns: columns, anggaran: anggaran, realisasi: realisasi)
        #expect(fast.enabled)
        let first = try #require(try table.next())
        guard case .line = try parser.parse(first.cells, row: first.number) else {
            Issue.record("the first row is a line")
            return
        }
        let rawReader = try #require(table.rawReader)
        var raw = RawRow()
        var fastRows: [Int] = []
        while try rawReader.nextRaw(&raw) {
            let general = try parser.parse(rawReader.cells(of: raw), row: raw.number)
            if var line = fast.line(raw) {
                fastRows.append(raw.number)
                #expect(line.context > 0)
                line.context = 0
                guard case .line(let expected) = general else {
                    Issue.record("row \(raw.number): the fast path made a line of a row that is none")
                    continue
                }
                #expect(line == expected, "row \(raw.number)")
            } else if case .line(let line) = general {
                fast.remember(line, raw: raw)
            } else {
                fast.forget()
            }
        }
        // Plain account rows after an account row with the same context; row 3 (the first account of the block),
        // 6 (Rp), 9 (é), 10 (first with a jenis_belanja), 12 (JUMLAH), 13 (a new block) and 16 (another year) go
        // the general way.
        #expect(fastRows == [4, 5, 7, 8, 11, 14, 15, 17])
    }
}

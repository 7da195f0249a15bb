import Foundation
import ImportParsing
import Postgres
import Spreadsheet
import Stores
import TestSupport
import Testing

@Suite("budget lines by COPY")
struct BudgetCopyTests {
    @Test("an OPD with more program, kegiatan or sub kegiatan contexts than the limit is refused, the row named")
    func contextsLimit() throws {
        let header = "tahun,kode_opd,kode_sub_kegiatan,nama_sub_kegiatan,kode_rekening,uraian,anggaran,realisasi"
        let rows = (1...3).map { "2024,9.97,8.01.01.2.01.000\($0),Sub \($0),5.1.02.01.01.0001,Belanja,1.000,900" }
        let text = ([header] + rows).joined(separator: "\n") + "\n"
        let reader = try BudgetFileReader(
            reader: try SpreadsheetFile.open(data: Data(text.utf8), displayName: "konteks.csv"), file: "konteks.csv",
            isXLSX: false, tahun: nil, kodeOPD: nil)
        var copy = BudgetCopy(importID: -1, file: "konteks.csv", maxContexts: 2)
        let conn = try TestDatabase.connect()
        try conn.execute("BEGIN")
        defer { _ = try? conn.execute("ROLLBACK") }
        #expect {
            try conn.copyInBinary(SQL(unsafeSQL: BudgetCopy.copyColumns)) { writer in
                while let item = try reader.next() {
                    if case .line(let line) = item { try copy.write(line, isLeaf: true, to: &writer) }
                }
            }
        } throws: { error in
            "\(error)"
                == "konteks.csv baris 4: lebih dari 2 program, kegiatan atau sub kegiatan dalam satu OPD; berkas "
                + "rusak atau bukan ekspor anggaran"
        }
    }
}

import Foundation
import ImportParsing
import Spreadsheet
import Testing

/// The government a budget row names, and when it starts a scope of its own.
@Suite("the government a row names")
struct PemdaNameTests {
    @Test("Pemerintah and Pemda titles are dropped; a code and a name agree unless one of them differs")
    func names() {
        #expect(PemdaName(kode: "", nama: "Pemerintah Kota Palangka Raya").nama == "Kota Palangka Raya")
        #expect(PemdaName(kode: "", nama: "PEMDA  Kabupaten Katingan").nama == "Kabupaten Katingan")
        #expect(
            PemdaName(kode: "", nama: "Pemerintah Daerah Provinsi Kalimantan Tengah").nama
                == "Provinsi Kalimantan Tengah")
        let code = PemdaName(kode: "62.71", nama: "")
        let name = PemdaName(kode: "", nama: "kota  palangka raya")
        #expect(code.agrees(with: name) && name.agrees(with: PemdaName(kode: "62.71", nama: "Kota Palangka Raya")))
        #expect(!code.agrees(with: PemdaName(kode: "62.72", nama: "")))
        #expect(!name.agrees(with: PemdaName(kode: "", nama: "Kota Banjarmasin")))
    }

    /// The governments of the scopes `rows` make, in order.
    static func scopes(_ rows: [String]) throws -> [String] {
        let text =
            (["tahun,kode_pemda,pemerintah,kode_opd,kode_program,nama_program,anggaran"] + rows)
            .joined(separator: "\n") + "\n"
        let reader = try SpreadsheetFile.open(data: Data(text.utf8), displayName: "uji.csv")
        var table = try TableReader(reader: reader, matcher: BudgetColumns.matcher(tahunGiven: false, opdGiven: false))
        var parser = BudgetRowParser(
            columns: ColumnMap(header: table.header, file: "uji.csv", percentColumn: "persen"),
            anggaran: NumberColumn(name: "anggaran", money: true, isXLSX: false),
            realisasi: NumberColumn(name: "realisasi", money: true, isXLSX: false), tahun: nil, kodeOPD: nil)
        var out: [String] = []
        while let record = try table.next() {
            guard case .line(let line) = try parser.parse(record.cells, row: record.number) else { continue }
            let label = "\(line.pemda.kode)|\(line.pemda.nama)|\(line.kodeOPD)"
            if out.last != label { out.append(label) }
        }
        return out
    }

    @Test("a row giving the code where the first gave the name stays in its scope; another government starts one")
    func scopesByGovernment() throws {
        #expect(
            try Self.scopes([
                "2024,,Kota Satu,1.01,1.01.01,P,100", "2024,62.71,,1.01,1.01.02,Q,100", "2024,,,1.01,1.01.03,R,100",
            ]) == ["|Kota Satu|1.01"])
        #expect(
            try Self.scopes(["2024,,Kota Satu,1.01,1.01.01,P,100", "2024,,Kota Dua,1.01,1.01.01,P,100"]) == [
                "|Kota Satu|1.01", "|Kota Dua|1.01",
            ])
    }
}

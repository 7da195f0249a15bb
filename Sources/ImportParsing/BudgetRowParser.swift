import Foundation
import Kinerja

/// Turns a data row of a budget export into a line, a total row, or nothing (a heading without amounts, or the
/// `(1) (2) (3)` row that numbers a table's columns). Bad input throws `ImportInputError`.
package struct BudgetRowParser {
    package enum Parsed {
        case line(BudgetRecord)
        case total(BudgetTotalRow)
        case skip
    }

    package let columns: ColumnMap
    package var anggaran: NumberColumn
    package var realisasi: NumberColumn
    package let tahunArg: Int?
    package let kodeOPDArg: String?
    /// Names of codes seen so far, to fill a child row that gives a code without its name.
    private var names: [String: String] = [:]
    /// The (tahun, OPD) of the lines being read. A whole-government export lists OPD after OPD: a line that names
    /// another one starts the next scope.
    package private(set) var scope: (pemda: PemdaName, tahun: Int, kodeOPD: String, namaOPD: String)?
    /// The row of the first line of each scope read so far: a scope's lines come together, so one that shows up
    /// again after another is refused.
    private var scopeStarts: [String: Int] = [:]
    /// The OPD a heading row (no amounts) named, for the lines below it that leave `kode_opd` empty: an XLSX whose
    /// OPD cell is merged over its block keeps the value in the top cell only, often a title row.
    private var headingOPD: (kode: String, nama: String)?
    /// The government the current scope's rows named, their codes and names together.
    private var scopePemda = PemdaName.none

    package init(columns: ColumnMap, anggaran: NumberColumn, realisasi: NumberColumn, tahun: Int?, kodeOPD: String?) {
        self.columns = columns
        self.anggaran = anggaran
        self.realisasi = realisasi
        tahunArg = tahun
        kodeOPDArg = kodeOPD
    }

    /// Largest amount `numeric(20, 2)` holds.
    package static let maxAmount = Decimal(string: "999999999999999999")!

    package mutating func parse(_ cells: [String], row: Int) throws -> Parsed {
        try columns.checkWidth(cells, row: row)
        if Self.isColumnNumbering(cells) { return .skip }
        func cell(_ name: String) -> String { columns.cell(name, in: cells) }
        let codes = BudgetColumns.codeColumns.map(cell)
        let label = cells.first { !$0.trimmed.isEmpty }?.trimmed ?? ""
        var totalKind = TotalRowKind(label: label)
        if totalKind == nil, codes.allSatisfy(\.isEmpty) {
            let columns = self.columns
            totalKind = BudgetColumns.nameColumns.compactMap { TotalRowKind(label: columns.cell($0, in: cells)) }.first
        }
        let anggaranValue = try amount("anggaran", cells, row: row, column: anggaran)
        let realisasiValue = try amount("realisasi", cells, row: row, column: realisasi)
        let persen = cell("persen")
        if let totalKind {
            return .total(
                BudgetTotalRow(
                    kind: totalKind, label: label, row: row, anggaran: anggaranValue,
                    realisasi: realisasiValue, persen: persen))
        }
        guard let anggaranValue else {
            if realisasiValue == nil && persen.isEmpty {
                let kode = cell("kode_opd")
                if !kode.isEmpty { headingOPD = (kode, cell("nama_opd")) }
                return .skip
            }
            throw ImportProblem.cell(
                file: columns.file, row: row, column: "anggaran", index: columns.index["anggaran"],
                text: cell("anggaran"), reason: "anggaran kosong, padahal baris ini berisi realisasi")
        }
        let (pemda, tahun, kodeOPD, namaOPD) = try lineScope(cells, row: row)
        var line = BudgetRecord.Fields(
            kodeProgram: cell("kode_program"), namaProgram: cell("nama_program"), kodeKegiatan: cell("kode_kegiatan"),
            namaKegiatan: cell("nama_kegiatan"), kodeSubKegiatan: cell("kode_sub_kegiatan"),
            namaSubKegiatan: cell("nama_sub_kegiatan"), kodeAkun: cell("kode_akun"), namaAkun: cell("nama_akun"))
        line.fillFromPrefixes()
        fillNames(&line)
        guard let (tingkat, key) = line.placement() else {
            throw ImportProblem.row(
                file: columns.file, row: row,
                "baris beranggaran tanpa kode maupun uraian program, kegiatan, sub kegiatan atau akun")
        }
        let jenis = jenisBelanja(cell("jenis_belanja"), tingkat: tingkat, line: line, tahun: tahun)
        return .line(
            BudgetRecord(
                row: row,
                place: LineContext(
                    pemda: pemda, tahun: tahun, kodeOPD: kodeOPD, namaOPD: namaOPD, kodeProgram: line.kodeProgram,
                    namaProgram: line.namaProgram, kodeKegiatan: line.kodeKegiatan, namaKegiatan: line.namaKegiatan,
                    kodeSubKegiatan: line.kodeSubKegiatan, namaSubKegiatan: line.namaSubKegiatan),
                tingkat: tingkat, kodeAkun: line.kodeAkun, namaAkun: line.namaAkun, jenisBelanja: jenis,
                anggaran: anggaranValue, realisasi: realisasiValue, persen: persen, key: key))
    }

    /// The cell's amount in sen.
    private func amount(_ name: String, _ cells: [String], row: Int, column: NumberColumn) throws -> Int128? {
        var text = columns.cell(name, in: cells)
        // Most amounts are plain ones, which `PlainAmount` reads without `Decimal` (a twentieth of the time).
        switch text.withUTF8({ column.plainSen($0) }) {
        case .sen(let sen): return Int128(sen)
        case .missing: return nil
        case .other: break
        }
        let value: Decimal?
        do { value = try column.parse(text) } catch {
            throw ImportProblem.number(error, file: columns.file, row: row, column: name, index: columns.index[name])
        }
        guard let value else { return nil }
        // numeric(20, 2): more digits would fail the whole transaction, more decimals would be rounded silently.
        if abs(value) > Self.maxAmount {
            throw ImportProblem.cell(
                file: columns.file, row: row, column: name, index: columns.index[name], text: text,
                reason: "angka terlalu besar untuk anggaran")
        }
        guard let sen = Sen.from(value) else {
            throw ImportProblem.cell(
                file: columns.file, row: row, column: name, index: columns.index[name], text: text,
                reason: "uang dengan lebih dari 2 angka desimal")
        }
        return sen
    }

    /// The row's government, year and OPD: its own cells, else the job's, else those of the lines above.
    private mutating func lineScope(_ cells: [String], row: Int) throws -> (PemdaName, Int, String, String) {
        var pemda = PemdaName(kode: columns.cell("kode_pemda", in: cells), nama: columns.cell("pemerintah", in: cells))
        let tahunText = columns.cell("tahun", in: cells)
        var tahun = tahunArg
        if !tahunText.isEmpty {
            guard let value = Int(tahunText) ?? Int(tahunText.split(separator: ".").first.map(String.init) ?? ""),
                (1990...2200).contains(value)
            else {
                throw ImportProblem.cell(
                    file: columns.file, row: row, column: "tahun", index: columns.index["tahun"],
                    text: tahunText, reason: "tahun tidak valid")
            }
            if let arg = tahunArg, arg != value {
                throw ImportProblem.cell(
                    file: columns.file, row: row, column: "tahun", index: columns.index["tahun"],
                    text: tahunText, reason: "berkas menyebut tahun \(value), pekerjaan ini untuk \(arg)")
            }
            tahun = value
        }
        let kodeText = columns.cell("kode_opd", in: cells)
        var kode = kodeOPDArg
        var namaHeading: String?
        if kodeText.isEmpty, kodeOPDArg == nil, let heading = headingOPD {
            kode = heading.kode
            namaHeading = heading.nama
        }
        if !kodeText.isEmpty {
            headingOPD = nil
            if let arg = kodeOPDArg, arg != kodeText {
                throw ImportProblem.cell(
                    file: columns.file, row: row, column: "kode_opd", index: columns.index["kode_opd"],
                    text: kodeText, reason: "berkas menyebut OPD \(kodeText), pekerjaan ini untuk \(arg)")
            }
            kode = kodeText
        }
        if let scope {
            let year = tahun ?? scope.tahun
            let opd = kode ?? scope.kodeOPD
            // A row that leaves the government out, or names it otherwise (its code, where the first gave its name),
            // stays in the government of the lines above; what the rows said so far must all agree.
            if pemda.agrees(with: scopePemda) {
                scopePemda = scopePemda.merged(with: pemda)
                pemda = scope.pemda
            }
            if pemda == scope.pemda, year == scope.tahun, opd == scope.kodeOPD {
                return (pemda, year, opd, scope.namaOPD)
            }
            if let start = scopeStarts[Self.scopeKey(pemda, year, opd)] {
                throw ImportProblem.row(
                    file: columns.file, row: row,
                    "OPD \(opd) tahun \(year) sudah muncul mulai baris \(start), lalu diselingi OPD atau tahun lain; "
                        + "baris satu OPD dan tahun harus berurutan")
            }
            // Codes repeat under every OPD with other names: names seen under the previous one do not carry over.
            names = [:]
            tahun = year
            kode = opd
        }
        guard let tahun else {
            throw ImportProblem.cell(
                file: columns.file, row: row, column: "tahun", index: columns.index["tahun"],
                text: tahunText, reason: "tahun kosong (isi kolom tahun atau beri --tahun)")
        }
        guard let kode, !kode.isEmpty else {
            throw ImportProblem.cell(
                file: columns.file, row: row, column: "kode_opd", index: columns.index["kode_opd"],
                text: kodeText, reason: "kode OPD kosong (isi kolom kode_opd atau beri --opd)")
        }
        let namaCell = columns.cell("nama_opd", in: cells)
        let nama = namaCell.isEmpty ? namaHeading ?? "" : namaCell
        scope = (pemda, tahun, kode, nama)
        scopePemda = pemda
        scopeStarts[Self.scopeKey(pemda, tahun, kode)] = row
        return (pemda, tahun, kode, nama)
    }

    private static func scopeKey(_ pemda: PemdaName, _ tahun: Int, _ kode: String) -> String {
        "\(pemda.kode)\u{1F}\(pemda.nama)\u{1F}\(tahun)\u{1F}\(kode)"
    }

    /// A child row often gives its parents' codes only; the names come from the parent rows seen before.
    private mutating func fillNames(_ line: inout BudgetRecord.Fields) {
        for (code, name) in [
            (\BudgetRecord.Fields.kodeProgram, \BudgetRecord.Fields.namaProgram),
            (\.kodeKegiatan, \.namaKegiatan), (\.kodeSubKegiatan, \.namaSubKegiatan),
        ] {
            let c = line[keyPath: code]
            guard !c.isEmpty else { continue }
            if line[keyPath: name].isEmpty {
                line[keyPath: name] = names[c] ?? ""
            } else if names[c] == nil {
                names[c] = line[keyPath: name]
            }
        }
    }

    /// `jenis_belanja` as written (common spellings normalised), else from the account code and the year's scheme
    /// (`BudgetCode.jenisBelanja`), else, for program-level lines up to 2020, Belanja Langsung: under Permendagri
    /// 13/2006 only direct spending (Belanja Langsung) was organised in programs and kegiatan. A `lain` line named
    /// after a jenis belanja (`Belanja Tidak Langsung`) is that jenis. Otherwise empty.
    private func jenisBelanja(_ written: String, tingkat: Tingkat, line: BudgetRecord.Fields, tahun: Int) -> String {
        if !written.isEmpty { return Self.normalizedJenis(written) }
        if !line.kodeAkun.isEmpty, let jenis = BudgetCode.jenisBelanja(forAccount: line.kodeAkun, year: tahun) {
            return jenis.rawValue
        }
        if tingkat == .lain {
            let name = Self.normalizedJenis(line.namaKegiatan + line.namaSubKegiatan + line.namaAkun)
            return JenisBelanja(rawValue: name)?.rawValue ?? ""
        }
        if tahun <= 2020 && tingkat.isActivity {
            return JenisBelanja.langsung.rawValue
        }
        return ""
    }

    package static func normalizedJenis(_ text: String) -> String {
        let key = text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        switch key {
        case "bl", "langsung": return JenisBelanja.langsung.rawValue
        case "btl", "tidak langsung": return JenisBelanja.tidakLangsung.rawValue
        default: return JenisBelanja.allCases.first { $0.rawValue.lowercased() == key }?.rawValue ?? text
        }
    }

    /// `(1) (2) (3) ...` or `1 2 3 ...` under a header: every non-empty cell a small column number in brackets.
    package static func isColumnNumbering(_ cells: [String]) -> Bool {
        // Most rows are data: the first filled cell of a numbering row opens with "(".
        guard let firstFilled = cells.lazy.map(\.trimmed).first(where: { !$0.isEmpty }), firstFilled.hasPrefix("(")
        else {
            return false
        }
        let filled = cells.map(\.trimmed).filter { !$0.isEmpty }
        guard filled.count >= 3 else { return false }
        return filled.allSatisfy {
            $0.hasPrefix("(") && $0.hasSuffix(")") && $0.dropFirst().dropLast().allSatisfy(\.isASCIIDigit)
                && $0.count <= 4
        }
    }
}

import Foundation
import Kinerja
import Spreadsheet

/// The hot path of a budget import: makes the `BudgetRecord` of a plain account row straight from its bytes (CSV, or
/// an XLSX row as `RawRow`).
///
/// A SIPD export is mostly account rows that repeat the year, OPD, program, kegiatan and sub kegiatan cells of the
/// row before. When `BudgetRowParser` has made an account line from a row, `remember` keeps that row's context
/// cells and the line; a following row with the same context cells, ASCII text, an account code and plain
/// amounts (`NumberColumn.plainSen`) gets the same context without parsing it again. Any other row makes `line`
/// return nil and goes to `BudgetRowParser`, so both paths give the same record for a row (tested).
package struct BudgetFastPath {
    package static let contextNames = [
        "kode_pemda", "pemerintah", "tahun", "kode_opd", "nama_opd", "kode_program", "nama_program", "kode_kegiatan",
        "nama_kegiatan",
        "kode_sub_kegiatan", "nama_sub_kegiatan", "jenis_belanja",
    ]

    package let enabled: Bool
    private let contextColumns: [Int]
    private let jenisColumn: Int?
    private let akun: Int
    private let namaAkun: Int?
    private let anggaran: Int
    private let realisasi: Int?
    private let anggaranColumn: NumberColumn
    private let realisasiColumn: NumberColumn
    private let persen: Int?
    private let width: Int
    /// The remembered row's context cells, back to back, and where each ends.
    private var contextBytes: [UInt8] = []
    private var contextEnds: [Int] = []
    private var context: BudgetRecord?
    /// Numbers the contexts remembered, for `BudgetRecord.context`.
    private var contextCount = 0
    private var jenisWritten = false
    /// `jenis_belanja` by account code, for files that leave the column empty; cleared when it grows large and
    /// when the year changes (the scheme depends on it: a file may hold several years).
    private var jenisByAccount: [String: String] = [:]
    private var jenisYear = 0
    /// Account codes and names, kept to be handed out again.
    private var recurring = RecurringText()

    package init(columns: ColumnMap, anggaran: NumberColumn, realisasi: NumberColumn) {
        let index = columns.index
        contextColumns = Self.contextNames.compactMap { index[$0] }
        jenisColumn = index["jenis_belanja"]
        akun = index["kode_akun"] ?? -1
        namaAkun = index["nama_akun"]
        self.anggaran = index["anggaran"] ?? -1
        self.realisasi = index["realisasi"]
        persen = index["persen"]
        width = columns.width
        anggaranColumn = anggaran
        realisasiColumn = realisasi
        enabled = akun >= 0 && self.anggaran >= 0 && anggaran.style == .indonesian && realisasi.style == .indonesian
    }

    /// After `BudgetRowParser` made `line` from `raw`, keeps its context if it is an account line.
    package mutating func remember(_ line: BudgetRecord, raw: RawRow) {
        guard enabled, line.tingkat == .akun, !line.kodeAkun.isEmpty, !raw.hasNonASCII else {
            context = nil
            return
        }
        contextBytes.removeAll(keepingCapacity: true)
        contextEnds.removeAll(keepingCapacity: true)
        for column in contextColumns {
            contextBytes += raw.bytes[raw.range(column)]
            contextEnds.append(contextBytes.count)
        }
        jenisWritten = jenisColumn.map { !Self.trim(raw.range($0), raw.bytes).isEmpty } ?? false
        contextCount += 1
        context = line
    }

    /// Forgets the context (a row went to the general parser without making an account line).
    package mutating func forget() { context = nil }

    /// The line of `raw`, or nil when the row needs `BudgetRowParser`.
    package mutating func line(_ raw: RawRow) -> BudgetRecord? {
        guard let context, !raw.hasNonASCII, sameContext(raw) else { return nil }
        return raw.bytes.withUnsafeBufferPointer { bytes -> BudgetRecord? in
            // Text beyond the header's columns: the general parser rejects the row.
            if raw.count > width {
                for i in width..<raw.count where !Self.trim(raw.range(i), raw.bytes).isEmpty { return nil }
            }
            // A total row or a `(1) (2) (3)` numbering row starts with letters or a bracket.
            for i in 0..<raw.count {
                let cell = Self.trim(raw.range(i), raw.bytes)
                if cell.isEmpty { continue }
                if bytes[cell.lowerBound] == UInt8(ascii: "(") { return nil }
                if bytes[cell].contains(where: { ($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z") })
                {
                    return nil
                }
                break
            }
            let akunCell = Self.trim(raw.range(akun), raw.bytes)
            guard !akunCell.isEmpty,
                case .sen(let anggaranSen) = anggaranColumn.plainSen(
                    UnsafeBufferPointer(rebasing: bytes[raw.range(anggaran)]))
            else { return nil }
            var realisasiSen: Int128?
            if let realisasi {
                switch realisasiColumn.plainSen(UnsafeBufferPointer(rebasing: bytes[raw.range(realisasi)])) {
                case .sen(let value): realisasiSen = Int128(value)
                case .missing: realisasiSen = nil
                case .other: return nil
                }
            }
            let kodeAkun = recurring.text(UnsafeBufferPointer(rebasing: bytes[akunCell]))
            let namaAkun =
                self.namaAkun.map {
                    recurring.text(UnsafeBufferPointer(rebasing: bytes[Self.trim(raw.range($0), raw.bytes)]))
                } ?? ""
            let persen = self.persen.map { Self.text(Self.trim(raw.range($0), raw.bytes), bytes) } ?? ""
            var line = BudgetRecord(
                row: raw.number, place: context.place, tingkat: .akun, kodeAkun: kodeAkun, namaAkun: namaAkun,
                jenisBelanja: jenisWritten ? context.jenisBelanja : jenis(kodeAkun, tahun: context.tahun),
                anggaran: Int128(anggaranSen), realisasi: realisasiSen, persen: persen,
                key: BudgetLineKey(
                    program: context.key.program, kegiatan: context.key.kegiatan,
                    subKegiatan: context.key.subKegiatan, akun: kodeAkun))
            line.context = contextCount
            return line
        }
    }

    private func sameContext(_ raw: RawRow) -> Bool {
        raw.bytes.withUnsafeBytes { row in
            contextBytes.withUnsafeBytes { kept in
                var start = 0
                for (k, column) in contextColumns.enumerated() {
                    let cell = raw.range(column)
                    let end = contextEnds[k]
                    guard cell.count == end - start,
                        cell.isEmpty
                            || memcmp(row.baseAddress! + cell.lowerBound, kept.baseAddress! + start, cell.count) == 0
                    else { return false }
                    start = end
                }
                return true
            }
        }
    }

    /// What `BudgetRowParser` derives for an account row whose `jenis_belanja` cell is empty.
    private mutating func jenis(_ kodeAkun: String, tahun: Int) -> String {
        if tahun != jenisYear {
            jenisByAccount.removeAll(keepingCapacity: true)
            jenisYear = tahun
        }
        if let known = jenisByAccount[kodeAkun] { return known }
        if jenisByAccount.count > 4096 { jenisByAccount.removeAll(keepingCapacity: true) }
        let jenis = BudgetCode.jenisBelanja(forAccount: kodeAkun, year: tahun)?.rawValue ?? ""
        jenisByAccount[kodeAkun] = jenis
        return jenis
    }

    /// The range without ASCII white space (what `Blank.trim` removes from ASCII text) at either end.
    package static func trim(_ range: Range<Int>, _ bytes: [UInt8]) -> Range<Int> {
        var start = range.lowerBound
        var end = range.upperBound
        while start < end, isBlank(bytes[start]) { start += 1 }
        while end > start, isBlank(bytes[end - 1]) { end -= 1 }
        return start..<end
    }

    private static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }

    private static func text(_ range: Range<Int>, _ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }
}

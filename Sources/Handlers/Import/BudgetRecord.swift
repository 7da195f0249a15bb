import Foundation
import Kinerja
import Postgres

/// One budget line read from a row, ready for COPY and for the checks.
struct BudgetRecord {
    let row: Int
    let tahun: Int
    let kodeOPD: String
    let namaOPD: String
    /// `program`, `kegiatan`, `sub_kegiatan`, `akun` or `lain` (outside the hierarchy).
    let tingkat: String
    var kodeProgram = "", namaProgram = "", kodeKegiatan = "", namaKegiatan = ""
    var kodeSubKegiatan = "", namaSubKegiatan = "", kodeAkun = "", namaAkun = ""
    let jenisBelanja: String
    /// In sen (`Sen`).
    let anggaran: Int128
    let realisasi: Int128?
    /// The printed percentage as written (kept in `persen_tercetak`, checked, never used).
    let persen: String
    let key: BudgetLineKey

    /// Program, kegiatan and sub kegiatan lines, and account lines above the deepest account level (six
    /// segments, sub rincian objek), are the only lines another line can sit below.
    var mayHaveChildren: Bool {
        switch tingkat {
        case "program", "kegiatan", "sub_kegiatan": return true
        case "akun": return !kodeAkun.isEmpty && kodeAkun.utf8.count(where: { $0 == UInt8(ascii: ".") }) < 5
        default: return false
        }
    }

    /// How findings name the line: `8.01.01 Program ...`, or the name alone.
    var label: String {
        let pairs = [
            (kodeAkun, namaAkun), (kodeSubKegiatan, namaSubKegiatan), (kodeKegiatan, namaKegiatan),
            (kodeProgram, namaProgram),
        ]
        if tingkat == "lain" { return key.other }
        for (code, name) in pairs where !code.isEmpty || !name.isEmpty {
            return [code, name].filter { !$0.isEmpty }.joined(separator: " ")
        }
        return ""
    }

    /// Appends the line as a `kinerja.anggaran` row in `RKAImporter.copyColumns` order.
    func write(to writer: inout CopyWriter, versi: String, importID: [UInt8], isLeaf: Bool, scratch: inout [UInt8]) {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: String(tahun).utf8)
        writer.plainField(scratch)
        // One call per field, not a loop over an array literal: this runs for every line of a big export.
        writer.field(kodeOPD)
        writer.field(versi)
        writer.field(tingkat)
        writer.field(kodeProgram)
        writer.field(namaProgram)
        writer.field(kodeKegiatan)
        writer.field(namaKegiatan)
        writer.field(kodeSubKegiatan)
        writer.field(namaSubKegiatan)
        writer.field(kodeAkun)
        writer.field(namaAkun)
        writer.field(jenisBelanja)
        scratch.removeAll(keepingCapacity: true)
        Sen.appendText(anggaran, to: &scratch)
        writer.plainField(scratch)
        if let realisasi {
            scratch.removeAll(keepingCapacity: true)
            Sen.appendText(realisasi, to: &scratch)
            writer.plainField(scratch)
        } else {
            writer.null()
        }
        if persen.isEmpty { writer.null() } else { writer.field(persen) }
        writer.plainField(CollectionOfOne(isLeaf ? UInt8(ascii: "t") : UInt8(ascii: "f")))
        writer.plainField(importID)
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: String(row).utf8)
        writer.plainField(scratch)
    }
}

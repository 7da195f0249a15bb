import Kinerja
import Postgres

/// Writes budget lines as `kinerja.anggaran` rows in `RKAImporter.copyColumns` order. The first ten fields of
/// lines that share a context (`BudgetRecord.context`) are escaped once and copied after that: on a SIPD export
/// they are most of each row's bytes.
struct BudgetCopy {
    let versi: String
    let importID: [UInt8]
    private var scratch: [UInt8] = []
    private var prefixContext = 0
    private var prefix: [UInt8] = []

    init(versi: String, importID: Int64) {
        self.versi = versi
        var digits: [UInt8] = []
        Sen.appendDigits(Int(importID), to: &digits)
        self.importID = digits
    }

    mutating func write(_ line: BudgetRecord, isLeaf: Bool, to writer: inout CopyWriter) throws {
        if line.context == 0 || line.context != prefixContext {
            prefix = CopyWriter.encode([
                String(line.tahun), line.kodeOPD, versi, line.tingkat, line.kodeProgram, line.namaProgram,
                line.kodeKegiatan, line.namaKegiatan, line.kodeSubKegiatan, line.namaSubKegiatan,
            ])
            prefixContext = line.context
        }
        writer.encodedFields(prefix)
        writer.field(line.kodeAkun)
        writer.field(line.namaAkun)
        writer.field(line.jenisBelanja)
        scratch.removeAll(keepingCapacity: true)
        Sen.appendText(line.anggaran, to: &scratch)
        writer.plainField(scratch)
        if let realisasi = line.realisasi {
            scratch.removeAll(keepingCapacity: true)
            Sen.appendText(realisasi, to: &scratch)
            writer.plainField(scratch)
        } else {
            writer.null()
        }
        if line.persen.isEmpty { writer.null() } else { writer.field(line.persen) }
        writer.plainField(byte: isLeaf ? UInt8(ascii: "t") : UInt8(ascii: "f"))
        writer.plainField(importID)
        scratch.removeAll(keepingCapacity: true)
        Sen.appendDigits(line.row, to: &scratch)
        writer.plainField(scratch)
        try writer.endRow()
    }
}

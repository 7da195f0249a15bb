import Foundation
import Kinerja
import Postgres

/// Where a line sits: its year and OPD, and the codes and names of its program, kegiatan and sub kegiatan.
/// Shared by reference between the lines of a block, which copy one pointer instead of nine strings.
final class LineContext: Equatable, Sendable {
    let tahun: Int
    let kodeOPD, namaOPD: String
    let kodeProgram, namaProgram, kodeKegiatan, namaKegiatan, kodeSubKegiatan, namaSubKegiatan: String

    init(
        tahun: Int, kodeOPD: String, namaOPD: String, kodeProgram: String, namaProgram: String,
        kodeKegiatan: String, namaKegiatan: String, kodeSubKegiatan: String, namaSubKegiatan: String
    ) {
        self.tahun = tahun
        self.kodeOPD = kodeOPD
        self.namaOPD = namaOPD
        self.kodeProgram = kodeProgram
        self.namaProgram = namaProgram
        self.kodeKegiatan = kodeKegiatan
        self.namaKegiatan = namaKegiatan
        self.kodeSubKegiatan = kodeSubKegiatan
        self.namaSubKegiatan = namaSubKegiatan
    }

    static func == (a: LineContext, b: LineContext) -> Bool {
        a === b
            || (a.tahun == b.tahun && a.kodeOPD == b.kodeOPD && a.namaOPD == b.namaOPD
                && a.kodeProgram == b.kodeProgram && a.namaProgram == b.namaProgram
                && a.kodeKegiatan == b.kodeKegiatan && a.namaKegiatan == b.namaKegiatan
                && a.kodeSubKegiatan == b.kodeSubKegiatan && a.namaSubKegiatan == b.namaSubKegiatan)
    }
}

/// One budget line read from a row, ready for COPY and for the checks.
struct BudgetRecord: Equatable {
    let row: Int
    let place: LineContext
    /// `program`, `kegiatan`, `sub_kegiatan`, `akun` or `lain` (outside the hierarchy).
    let tingkat: String
    let kodeAkun: String
    let namaAkun: String
    let jenisBelanja: String
    /// In sen (`Sen`).
    let anggaran: Int128
    let realisasi: Int128?
    /// The printed percentage as written (kept in `persen_tercetak`, checked, never used).
    let persen: String
    let key: BudgetLineKey
    /// Lines with the same non-zero context share their year, OPD, program, kegiatan and sub kegiatan, so
    /// `BudgetCopy` numbers their context without a look-up; `BudgetFastPath` sets it, 0 means none.
    var context = 0

    var tahun: Int { place.tahun }
    var kodeOPD: String { place.kodeOPD }
    var namaOPD: String { place.namaOPD }
    var kodeProgram: String { place.kodeProgram }
    var namaProgram: String { place.namaProgram }
    var kodeKegiatan: String { place.kodeKegiatan }
    var namaKegiatan: String { place.namaKegiatan }
    var kodeSubKegiatan: String { place.kodeSubKegiatan }
    var namaSubKegiatan: String { place.namaSubKegiatan }

    /// Program, kegiatan and sub kegiatan lines, and account lines above the deepest account level (six
    /// segments, sub rincian objek), are the only lines another line can sit below.
    var mayHaveChildren: Bool {
        switch tingkat {
        case "program", "kegiatan", "sub_kegiatan": return true
        case "akun":
            // Over the contiguous bytes: iterating the String cost 2 % of a budget import.
            var code = kodeAkun
            let dots = code.withUTF8 { bytes in
                var dots = 0
                for byte in bytes where byte == UInt8(ascii: ".") { dots += 1 }
                return dots
            }
            return !code.isEmpty && dots < 5
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
}

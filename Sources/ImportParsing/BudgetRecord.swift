import Foundation
import Kinerja

/// One budget line read from a row, ready for COPY and for the checks.
package struct BudgetRecord: Equatable {
    package let row: Int
    package let place: LineContext
    package let tingkat: Tingkat
    package let kodeAkun: String
    package let namaAkun: String
    package let jenisBelanja: String
    /// In sen (`Sen`).
    package let anggaran: Int128
    package let realisasi: Int128?
    /// The printed percentage as written (kept in `persen_tercetak`, checked, never used).
    package let persen: String
    package let key: BudgetLineKey
    /// Lines with the same non-zero context share their year, OPD, program, kegiatan and sub kegiatan, so
    /// `BudgetCopy` numbers their context without a look-up; `BudgetFastPath` sets it, 0 means none.
    package var context = 0

    package var pemda: PemdaName { place.pemda }
    package var tahun: Int { place.tahun }
    package var kodeOPD: String { place.kodeOPD }
    package var namaOPD: String { place.namaOPD }
    package var kodeProgram: String { place.kodeProgram }
    package var namaProgram: String { place.namaProgram }
    package var kodeKegiatan: String { place.kodeKegiatan }
    package var namaKegiatan: String { place.namaKegiatan }
    package var kodeSubKegiatan: String { place.kodeSubKegiatan }
    package var namaSubKegiatan: String { place.namaSubKegiatan }

    /// Program, kegiatan and sub kegiatan lines, and account lines above the deepest account level (six
    /// segments, sub rincian objek), are the only lines another line can sit below.
    package var mayHaveChildren: Bool {
        switch tingkat {
        case .program, .kegiatan, .subKegiatan: return true
        case .akun:
            // Over the contiguous bytes: iterating the String cost 2 % of a budget import.
            var code = kodeAkun
            let dots = code.withUTF8 { bytes in
                var dots = 0
                for byte in bytes where byte == UInt8(ascii: ".") { dots += 1 }
                return dots
            }
            return !code.isEmpty && dots < 5
        case .lain: return false
        }
    }

    /// How findings name the line: `8.01.01 Program ...`, or the name alone.
    package var label: String {
        let pairs = [
            (kodeAkun, namaAkun), (kodeSubKegiatan, namaSubKegiatan), (kodeKegiatan, namaKegiatan),
            (kodeProgram, namaProgram),
        ]
        if tingkat == .lain { return key.other }
        for (code, name) in pairs where !code.isEmpty || !name.isEmpty {
            return [code, name].filter { !$0.isEmpty }.joined(separator: " ")
        }
        return ""
    }
}

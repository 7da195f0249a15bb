import Kinerja

extension BudgetRecord {
    /// The code and name cells of a row while it is being placed in the hierarchy.
    package struct Fields {
        var kodeProgram: String, namaProgram: String, kodeKegiatan: String, namaKegiatan: String
        var kodeSubKegiatan: String, namaSubKegiatan: String, kodeAkun: String, namaAkun: String

        /// Fills missing parent codes from a Permendagri 90/2019 code's prefix: sub kegiatan `8.01.01.2.01.0001`
        /// lies in kegiatan `8.01.01.2.01` of program `8.01.01`. SIPD rows often carry only the deepest code.
        mutating func fillFromPrefixes() {
            if kodeKegiatan.isEmpty || kodeProgram.isEmpty, let segments = Self.programSegments(kodeSubKegiatan, 6) {
                if kodeKegiatan.isEmpty { kodeKegiatan = segments.prefix(5).joined(separator: ".") }
                if kodeProgram.isEmpty { kodeProgram = segments.prefix(3).joined(separator: ".") }
            }
            if kodeProgram.isEmpty, let segments = Self.programSegments(kodeKegiatan, 5) {
                kodeProgram = segments.prefix(3).joined(separator: ".")
            }
        }

        /// The segments of a program-hierarchy code with `count` segments (second segment two characters).
        private static func programSegments(_ code: String, _ count: Int) -> [Substring]? {
            guard !code.isEmpty else { return nil }
            let segments = code.split(separator: ".", omittingEmptySubsequences: false)
            return segments.count == count && segments[1].count == 2 ? segments : nil
        }

        /// The line's tingkat and key: its deepest level with a code or name. A line with no code at all and no
        /// program (Belanja Tidak Langsung in a 13/2006 table) is `lain`, outside the hierarchy. Nil when the row
        /// names nothing.
        func placement() -> (Tingkat, BudgetLineKey)? {
            func part(_ code: String, _ name: String) -> String {
                code.isEmpty ? (name.isEmpty ? "" : "n:" + name) : code
            }
            var key = BudgetLineKey(
                program: part(kodeProgram, namaProgram), kegiatan: part(kodeKegiatan, namaKegiatan),
                subKegiatan: part(kodeSubKegiatan, namaSubKegiatan), akun: part(kodeAkun, namaAkun))
            let tingkat: Tingkat
            if !key.akun.isEmpty {
                tingkat = .akun
            } else if !key.subKegiatan.isEmpty {
                tingkat = .subKegiatan
            } else if !key.kegiatan.isEmpty {
                tingkat = .kegiatan
            } else if !key.program.isEmpty {
                tingkat = .program
            } else {
                return nil
            }
            let noCode = kodeProgram.isEmpty && kodeKegiatan.isEmpty && kodeSubKegiatan.isEmpty && kodeAkun.isEmpty
            if noCode && namaProgram.isEmpty {
                key = BudgetLineKey(other: [namaKegiatan, namaSubKegiatan, namaAkun].first { !$0.isEmpty } ?? "")
                return (.lain, key)
            }
            return (tingkat, key)
        }
    }
}

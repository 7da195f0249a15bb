/// Where a line sits: its government (as the row names it), year and OPD, and the codes and names of its program, kegiatan and sub kegiatan.
/// Shared by reference between the lines of a block, which copy one pointer instead of nine strings.
package final class LineContext: Equatable, Sendable {
    package let pemda: PemdaName
    package let tahun: Int
    package let kodeOPD, namaOPD: String
    package let kodeProgram, namaProgram, kodeKegiatan, namaKegiatan, kodeSubKegiatan, namaSubKegiatan: String

    package init(
        pemda: PemdaName = .none, tahun: Int, kodeOPD: String, namaOPD: String, kodeProgram: String,
        namaProgram: String, kodeKegiatan: String, namaKegiatan: String, kodeSubKegiatan: String,
        namaSubKegiatan: String
    ) {
        self.pemda = pemda
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

    package static func == (a: LineContext, b: LineContext) -> Bool {
        a === b
            || (a.pemda == b.pemda && a.tahun == b.tahun && a.kodeOPD == b.kodeOPD && a.namaOPD == b.namaOPD
                && a.kodeProgram == b.kodeProgram && a.namaProgram == b.namaProgram
                && a.kodeKegiatan == b.kodeKegiatan && a.namaKegiatan == b.namaKegiatan
                && a.kodeSubKegiatan == b.kodeSubKegiatan && a.namaSubKegiatan == b.namaSubKegiatan)
    }
}

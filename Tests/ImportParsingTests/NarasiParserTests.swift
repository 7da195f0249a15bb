import ImportParsing
import Kinerja
import Testing

@Suite("narasi: an OPD's BAB I, BAB IV and signature read from Markdown")
struct NarasiParserTests {
    static let header = """
        ---
        tahun: 2020
        kode_opd: 8.01
        tempat: Palangka Raya
        tanggal: Februari 2021
        kepala: Ir. Nama Kepala, M.Si
        jabatan: Kepala Badan
        nip: 19620713 198903 1 009
        ---
        """

    @Test("header, parts, subheadings, paragraphs joined across lines, lists; pangkat optional")
    func reads() throws {
        let text =
            Self.header + """

                # Pendahuluan
                Teks pembuka
                dua baris.

                ## 1.1 Latar Belakang
                - satu
                - dua

                1. Mewujudkan pertanggungjawaban kinerja.
                2) Memberikan umpan balik.
                a. Menyediakan laporan.
                # Penutup
                Penutup <b>tebal</b>.
                """
        let parsed = try NarasiParser.parse(text, file: "narasi.md")
        #expect(parsed.tahun == 2020 && parsed.kodeOPD == "8.01")
        #expect(
            parsed.narasi.pendahuluan == [
                NarasiBlock(.paragraph, ["Teks pembuka dua baris."]), NarasiBlock(.heading, ["1.1 Latar Belakang"]),
                NarasiBlock(.list, ["satu", "dua"]),
                NarasiBlock(
                    .list,
                    [
                        "1. Mewujudkan pertanggungjawaban kinerja.", "2) Memberikan umpan balik.",
                        "a. Menyediakan laporan.",
                    ]),
            ])
        #expect(parsed.narasi.penutup == [NarasiBlock(.paragraph, ["Penutup <b>tebal</b>."])])
        #expect(
            parsed.narasi.pengesahan
                == Pengesahan(
                    tempat: "Palangka Raya", tanggal: "Februari 2021", nama: "Ir. Nama Kepala, M.Si",
                    jabatan: "Kepala Badan", pangkat: nil, nip: "19620713 198903 1 009"))
    }

    @Test("mistakes name the file and the row")
    func mistakes() {
        func message(_ text: String) -> String {
            do {
                _ = try NarasiParser.parse(text, file: "n.md")
                return ""
            } catch { return error.description }
        }
        #expect(
            message("# Pendahuluan\nteks")
                == "n.md baris 1: narasi harus diawali kepala `---` berisi tahun dan kode_opd")
        #expect(
            message("---\ntahun: 2020\n---\n")
                == "n.md baris 1: kepala tanpa `kode_opd` (narasi pemerintah: sebutkan `pemerintah` atau `kode_pemda` "
                + "tanpa `kode_opd`)")
        #expect(message("---\ntahun: dua ribu\nkode_opd: 1\n---\n") == "n.md baris 2: kepala tanpa `tahun` yang sah")
        #expect(
            message("---\ntahun: 2020\nkode_opd: 1\n---\n# Lampiran\n")
                == "n.md baris 5: bagian \"lampiran\" tidak dikenal: gunakan # Pendahuluan atau # Penutup")
        #expect(
            message("---\ntahun: 2020\nkode_opd: 1\n---\nteks lepas\n")
                == "n.md baris 5: teks sebelum # Pendahuluan atau # Penutup")
        #expect(
            message("---\ntahun: 2020\nkode_opd: 1\nkepala: Nama\n---\n")
                == "n.md baris 1: pengesahan tidak lengkap: kepala tanpa tempat, tanggal, jabatan, nip")
    }
}

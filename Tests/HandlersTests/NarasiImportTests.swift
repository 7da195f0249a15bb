import Foundation
import Handlers
import ImportParsing
import JobQueue
import Kinerja
import Postgres
import Producers
import Stores
import TestSupport
import Testing

@Suite("import_narasi: an OPD's narrative from a Markdown file")
struct NarasiImportTests {
    func file(_ kit: ImportTestKit, penutup: String) -> String {
        """
        ---
        tahun: 2020
        kode_opd: \(kit.kode)
        tempat: Palangka Raya
        tanggal: Februari 2021
        kepala: Nama Kepala
        jabatan: Kepala Badan
        nip: 1962
        ---
        # Pendahuluan
        ## 1.1 Latar Belakang
        Teks pendahuluan.
        # Penutup
        \(penutup)
        """
    }

    @Test("imported by a worker and stored for its year and OPD; a later import replaces it")
    func imports() throws {
        let kit = try ImportTestKit("narasi")
        defer { kit.cleanup() }
        let first = try kit.write("narasi.md", file(kit, penutup: "Penutup pertama."))
        let id = try ImportProducer.enqueueNarasi(file: first, options: kit.options, on: kit.conn).jobID
        kit.runWorkers()
        #expect(try kit.job(id).state == .completed, "\((try? kit.lastError(id)) ?? "")")
        let pemda = try #require(try PemdaStore.only(on: kit.conn))
        let stored = try #require(try NarasiStore.load(tahun: 2020, kodeOPD: kit.kode, pemdaID: pemda, on: kit.conn))
        #expect(
            stored.pendahuluan == [
                NarasiBlock(.heading, ["1.1 Latar Belakang"]), NarasiBlock(.paragraph, ["Teks pendahuluan."]),
            ])
        #expect(stored.pengesahan?.nama == "Nama Kepala")
        let second = try kit.write("narasi-2.md", file(kit, penutup: "Penutup kedua."))
        let again = try ImportProducer.enqueueNarasi(file: second, options: kit.options, on: kit.conn).jobID
        kit.runWorkers()
        #expect(try kit.job(again).state == .completed)
        #expect(
            try NarasiStore.load(tahun: 2020, kodeOPD: kit.kode, pemdaID: pemda, on: kit.conn)?.penutup == [
                NarasiBlock(.paragraph, ["Penutup kedua."])
            ])
        // The first job run again (a retry after the second completed) does not bring its text back.
        try NarasiStore.save(
            stored, tahun: 2020, kodeOPD: kit.kode, pemdaID: pemda, fileName: "narasi.md", jobID: id, on: kit.conn)
        #expect(
            try NarasiStore.load(tahun: 2020, kodeOPD: kit.kode, pemdaID: pemda, on: kit.conn)?.penutup == [
                NarasiBlock(.paragraph, ["Penutup kedua."])
            ])
    }

    @Test("a malformed narrative is refused at enqueue, naming file and row; nothing is queued")
    func refused() throws {
        let kit = try ImportTestKit("narasibad")
        defer { kit.cleanup() }
        let path = try kit.write("narasi.md", "---\ntahun: 2020\nkode_opd: \(kit.kode)\n---\n# Lampiran\n")
        let error = #expect(throws: ImportUsageError.self) {
            try ImportProducer.enqueueNarasi(file: path, options: kit.options, on: kit.conn)
        }
        #expect(
            error?.description
                == "narasi.md baris 5: bagian \"lampiran\" tidak dikenal: gunakan # Pendahuluan atau # Penutup")
        #expect(try jobStates(queue: kit.queue, on: kit.conn).isEmpty)
    }
}

import Foundation
import Handlers
import JobQueue
import Postgres
import Producers
import TestSupport
import Testing

@Suite("import_kinerja: performance files")
struct ImportKinerjaTests {
    /// (target, target_min, target_max, target_rpjmd, realisasi) of an indicator and year of the kit's OPD.
    func value(_ kit: ImportTestKit, _ indikator: String, _ tahun: Int) throws -> [String?] {
        let row = try kit.conn.query(
            """
            SELECT n.target, n.target_min::text, n.target_max::text, n.target_rpjmd, n.realisasi::text, i.polaritas, i.satuan
            FROM kinerja.indikator_nilai n JOIN kinerja.indikator i ON i.id = n.indikator_id
            JOIN kinerja.sasaran s ON s.id = i.sasaran_id
            WHERE s.kode_opd = \(kit.kode) AND i.nama = \(indikator) AND n.tahun = \(tahun)
            """
        ).first
        guard let row else { return [] }
        return try (0..<7).map { try row.decode($0, as: String?.self) }
    }

    @Test(
        "the demo performance file: PK targets and realisasi of 2019 and 2020, TARGET_BEDA and PERSEN_BEDA from Tabel 3.2"
    )
    func demo() throws {
        let kit = try ImportTestKit("kin")
        defer { kit.cleanup() }
        let id = try kit.enqueueKinerja(try kit.demoFile("kinerja-2020.csv")).jobID
        kit.runWorkers()
        let job = try kit.job(id)
        #expect(job.state == .completed, "\((try? kit.lastError(id)) ?? "")")
        #expect(
            try value(kit, "Dukungan kegiatan kewaspadaan dini daerah Kota Palangka Raya", 2020)
                == ["30", "30", "30", "30", "4", "positif", "kegiatan"])
        #expect(
            try value(kit, "Tingkat partisipasi pemilih", 2020) == ["70%", "70", "70", "70%", "62.83", "positif", "%"])
        #expect(try value(kit, "Tingkat partisipasi pemilih", 2019) == [nil, nil, nil, "70%", "77.5", "positif", "%"])
        #expect(try value(kit, "Indeks Toleransi", 2019) == [nil, nil, nil, "10", "43", "negatif", "peringkat"])
        #expect(try value(kit, "Indeks Toleransi", 2020) == ["10", "10", "10", "10", nil, "negatif", "peringkat"])
        #expect(try kit.count("SELECT count(*)::int FROM kinerja.sasaran WHERE kode_opd = \(kit.kode)") == 1)
        let opd = try kit.conn.query(
            """
            SELECT o.nama, p.nama FROM kinerja.opd o JOIN kinerja.pemda p ON p.id = o.pemda_id
            WHERE o.kode = \(kit.kode)
            """
        ).first!
        #expect(try opd.decode(0, as: String.self) == "Badan Kesatuan Bangsa dan Politik")
        #expect(try opd.decode(1, as: String.self) == "Kota Palangka Raya")
        let findings = try kit.conn.query(
            "SELECT kode, pesan, sumber FROM kinerja.temuan WHERE kode_opd = \(kit.kode) ORDER BY sumber"
        ).rows
            .map {
                [
                    try $0.decode(0, as: String.self), try $0.decode(1, as: String.self),
                    try $0.decode(2, as: String.self),
                ]
            }
        #expect(findings.map { $0[0] } == ["TARGET_BEDA", "TARGET_BEDA", "PERSEN_BEDA"], "\(findings)")
        #expect(findings[0][1].contains("target tercetak 35, sedangkan Perjanjian Kinerja menetapkan 30"))
        #expect(findings[1][1].contains("target tercetak 94, sedangkan Perjanjian Kinerja menetapkan 92"))
        #expect(findings[2][1].contains("Indeks toleransi") && findings[2][1].contains("0%"))
        #expect(findings[0][2].hasSuffix("kinerja-2020.csv baris 17 (Tabel 3.2)"))
        #expect(job.result?["recompute_job_ids"]?.elements.count == 2)
        #expect(job.result?["written"] == .number("12"))
    }

    @Test("a changed performance file replaces the values of the same indicators and years")
    func changed() throws {
        let kit = try ImportTestKit("kin2")
        defer { kit.cleanup() }
        _ = try kit.enqueueKinerja(try kit.demoFile("kinerja-2020.csv"))
        kit.runWorkers()
        let changed = try kit.demoFile(
            "kinerja-2020.csv", replacing: [(";70%;70%;70%;62,83%;PK;", ";70%;70%;70%;65,5%;PK;")])
        let id = try kit.enqueueKinerja(changed).jobID
        kit.runWorkers()
        #expect(try kit.job(id).state == .completed)
        #expect(try value(kit, "Tingkat partisipasi pemilih", 2020)[4] == "65.5")
        #expect(
            try kit.count(
                """
                SELECT count(*)::int FROM kinerja.indikator_nilai n JOIN kinerja.indikator i ON i.id = n.indikator_id
                JOIN kinerja.sasaran s ON s.id = i.sasaran_id WHERE s.kode_opd = \(kit.kode)
                """) == 12)
        // The findings of the first import were replaced, not doubled.
        #expect(try kit.findingCodes() == ["PERSEN_BEDA", "TARGET_BEDA", "TARGET_BEDA"])
    }

    @Test(
        "the capaian printed on PK rows is checked: the formula behind a wrong one named, the capaian computed unchanged"
    )
    func printedCapaian() throws {
        let kit = try ImportTestKit("kincap")
        defer { kit.cleanup() }
        let text = """
            tahun;kode_opd;indikator kinerja utama;satuan;polaritas;target;realisasi;capaian
            2024;\(kit.kode);Angka kematian ibu;per 1.000;negatif;0,16;0,19;87,10
            2024;\(kit.kode);Angka kematian bayi;per 1.000;negatif;9,20;9,53;96,54
            2024;\(kit.kode);Angka kematian balita;per 1.000;negatif;0,64;0,18;72,52
            2024;\(kit.kode);Cakupan imunisasi;%;positif;90%;81%;90,00
            """
        let id = try kit.enqueueKinerja(try kit.write("iku.csv", text)).jobID
        kit.runWorkers()
        #expect(try kit.job(id).state == .completed, "\((try? kit.lastError(id)) ?? "")")
        let findings = try kit.conn.query(
            "SELECT pesan FROM kinerja.temuan WHERE kode_opd = \(kit.kode) AND kode = 'PERSEN_BEDA' ORDER BY sumber"
        ).rows.map { try $0.decode(0, as: String.self) }
        #expect(findings.count == 3, "\(findings)")
        #expect(try kit.findingCodes() == ["PERSEN_BEDA", "PERSEN_BEDA", "PERSEN_BEDA", "SASARAN_KOSONG"])
        let warning = try kit.conn.query(
            "SELECT pesan FROM kinerja.temuan WHERE kode_opd = \(kit.kode) AND kode = 'SASARAN_KOSONG'"
        ).first!.decode(0, as: String.self)
        #expect(warning.hasPrefix("4 indikator tanpa sasaran dicatat di bawah kelompok \"tanpa sasaran\""))
        #expect(
            findings.contains { $0.hasPrefix("Angka kematian ibu: capaian tercetak 87,1% tidak cocok dengan rumus") })
        #expect(
            findings.contains { $0.hasPrefix("Angka kematian bayi: capaian tercetak 96,54% = target / realisasi;") })
        #expect(findings.contains { $0.hasPrefix("Angka kematian balita: capaian tercetak 72,52% tidak cocok") })
        // Cakupan imunisasi prints 90,00 for 81 / 90 = 90 %: right, no finding. The computed capaian are the rules'.
        try kit.conn.transaction { tx in
            _ = try RecomputeHandler.recompute(RecomputeArgs(tahun: 2024, kodeOPD: kit.kode), on: tx)
        }
        let capaian = try kit.conn.query(
            "SELECT indikator, capaian::text FROM kinerja.v_capaian WHERE kode_opd = \(kit.kode) ORDER BY indikator"
        ).rows.map { "\(try $0.decode(0, as: String.self)) \(try $0.decode(1, as: String?.self) ?? "-")" }
        #expect(capaian.contains { $0.hasPrefix("Angka kematian ibu 81.25") }, "\(capaian)")
        #expect(capaian.contains { $0.hasPrefix("Angka kematian balita 171.875") }, "\(capaian)")
    }

    @Test("a range target with a realisasi written with a decimal point among decimal commas: read, named, 100%")
    func otherDecimalMark() throws {
        let kit = try ImportTestKit("kindot")
        defer { kit.cleanup() }
        let text = """
            tahun;kode_opd;indikator;satuan;polaritas;target;realisasi;capaian
            2024;\(kit.kode);Laju pertumbuhan ekonomi;%;positif;4,10 – 5,55;4.65;100
            2024;\(kit.kode);Indeks pembangunan manusia;poin;positif;72.10;72,35;100.35
            2024;\(kit.kode);Indeks kepuasan masyarakat;poin;positif;80,00;82,40;103,00
            """
        let id = try kit.enqueueKinerja(try kit.write("iku.csv", text)).jobID
        kit.runWorkers()
        #expect(try kit.job(id).state == .completed, "\((try? kit.lastError(id)) ?? "")")
        let note = try kit.conn.query(
            "SELECT pesan, sumber FROM kinerja.temuan WHERE kode_opd = \(kit.kode) AND kode = 'PEMISAH_DESIMAL_BEDA'"
        ).rows
        let all = try kit.conn.query("SELECT kode || ': ' || pesan FROM kinerja.temuan WHERE kode_opd = \(kit.kode)")
            .rows.map { try $0.decode(0, as: String.self) }
        #expect(note.count == 3, "\(all)")
        #expect(
            all.contains {
                $0.hasSuffix("target \"72.10\" ditulis dengan titik desimal, tidak seperti kolom lainnya; dibaca 72,1.")
            })
        #expect(
            all.contains {
                $0.hasSuffix(
                    "capaian \"100.35\" ditulis dengan titik desimal, tidak seperti kolom lainnya; dibaca 100,35.")
            })
        #expect(!all.contains { $0.hasPrefix("PERSEN_BEDA") }, "the values read are right")
        #expect(
            all.contains(
                "PEMISAH_DESIMAL_BEDA: Laju pertumbuhan ekonomi tahun 2024: realisasi \"4.65\" ditulis dengan titik "
                    + "desimal, tidak seperti kolom lainnya; dibaca 4,65."))
        #expect(try note.map { try $0.decode(1, as: String.self) }.contains { $0.hasSuffix("iku.csv baris 2") })
        try kit.conn.transaction { tx in
            _ = try RecomputeHandler.recompute(RecomputeArgs(tahun: 2024, kodeOPD: kit.kode), on: tx)
        }
        let capaian = try kit.conn.query(
            """
            SELECT capaian::text, keterangan FROM kinerja.v_capaian
            WHERE kode_opd = \(kit.kode) AND indikator = 'Laju pertumbuhan ekonomi'
            """
        ).first!
        #expect(try capaian.decode(0, as: String?.self) == "100")
        #expect(try capaian.decode(1, as: String?.self)?.contains("dalam rentang target") == true)
    }

    @Test("printed means are checked: a sasaran's Rata-rata and the whole table's; a cut mean named; not imported")
    func printedMeans() throws {
        let kit = try ImportTestKit("kinmean")
        defer { kit.cleanup() }
        let text = """
            tahun;kode_opd;sasaran;indikator;satuan;polaritas;target;realisasi;capaian
            2024;\(kit.kode);Toleransi;Dukungan kewaspadaan dini;kegiatan;positif;30;4;13,33
            2024;\(kit.kode);;Rekomendasi surat keterangan;surat;positif;20;18;90,00
            2024;\(kit.kode);;Pertemuan kerukunan;kegiatan;positif;46;10;21,74
            2024;\(kit.kode);;Rata-rata;;;;;41
            2024;\(kit.kode);Kematian;Angka kematian bayi;per 1.000;negatif;9,20;9,53;96,41
            2024;\(kit.kode);;Rata-rata lama sekolah;tahun;positif;9;9;100
            ;;;Rata-rata;;;;;98,21
            2024;\(kit.kode);;Rata-rata seluruh indikator;;;;;60,00
            """
        let id = try kit.enqueueKinerja(try kit.write("means.csv", text)).jobID
        kit.runWorkers()
        #expect(try kit.job(id).state == .completed, "\((try? kit.lastError(id)) ?? "")")
        let findings = try kit.conn.query(
            "SELECT pesan FROM kinerja.temuan WHERE kode_opd = \(kit.kode) AND kode = 'PERSEN_BEDA' ORDER BY sumber"
        ).rows.map { try $0.decode(0, as: String.self) }
        #expect(
            findings == [
                "Rata-rata sasaran Toleransi: rata-rata tercetak 41% = rata-rata yang dipotong (tidak dibulatkan); "
                    + "rata-rata capaian 3 indikator: 41,69%.",
                "Rata-rata seluruh indikator tahun 2024: rata-rata tercetak 60%; rata-rata capaian 5 indikator: "
                    + "64,30%.",
            ], "\(findings)")
        // The Rata-rata rows are not indicators; "Rata-rata lama sekolah", with figures of its own, is one. The mean row
        // with merged (empty) year and OPD cells took those of the row above.
        #expect(
            try kit.count(
                """
                SELECT count(*)::int FROM kinerja.indikator i JOIN kinerja.sasaran s ON s.id = i.sasaran_id
                WHERE s.kode_opd = \(kit.kode)
                """) == 5)
    }
}

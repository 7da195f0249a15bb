-- Results for other tools (contract: DESIGN.md section 6). Read by the role kinerja_reader.

-- The budget version that counts for a (tahun, OPD): the latest of murni < pergeseran < perubahan present.
-- A join on the per-scope maximum, not a subquery per line: the planner pushes a tahun filter into both sides.
CREATE VIEW kinerja.v_anggaran_berlaku AS
SELECT a.*
FROM kinerja.anggaran a
JOIN (
    SELECT tahun, kode_opd,
           max(CASE versi WHEN 'perubahan' THEN 3 WHEN 'pergeseran' THEN 2 ELSE 1 END) AS versi_rank
    FROM kinerja.anggaran
    GROUP BY tahun, kode_opd
) latest ON latest.tahun = a.tahun AND latest.kode_opd = a.kode_opd
        AND latest.versi_rank = CASE a.versi WHEN 'perubahan' THEN 3 WHEN 'pergeseran' THEN 2 ELSE 1 END;

CREATE VIEW kinerja.v_capaian AS
SELECT n.tahun, o.kode AS kode_opd, o.nama AS nama_opd, s.nama AS sasaran, i.nama AS indikator, i.satuan,
       i.polaritas, n.target, n.target_rpjmd, n.target_akhir_periode, n.realisasi,
       c.capaian, c.kategori, COALESCE(c.status, 'belum_dihitung') AS status, c.keterangan,
       prev.realisasi AS realisasi_tahun_lalu, cprev.capaian AS capaian_tahun_lalu,
       i.metode, n.import_id
FROM kinerja.indikator_nilai n
JOIN kinerja.indikator i ON i.id = n.indikator_id
JOIN kinerja.sasaran s ON s.id = i.sasaran_id
JOIN kinerja.opd o ON o.kode = s.kode_opd
LEFT JOIN kinerja.capaian c ON c.indikator_id = n.indikator_id AND c.tahun = n.tahun
LEFT JOIN kinerja.indikator_nilai prev ON prev.indikator_id = n.indikator_id AND prev.tahun = n.tahun - 1
LEFT JOIN kinerja.capaian cprev ON cprev.indikator_id = n.indikator_id AND cprev.tahun = n.tahun - 1;

CREATE VIEW kinerja.v_capaian_sasaran AS
SELECT cs.tahun, s.kode_opd, s.nama AS sasaran, cs.capaian, cs.kategori, cs.indikator_dihitung,
       cs.indikator_dikecualikan, cs.dikecualikan
FROM kinerja.capaian_sasaran cs
JOIN kinerja.sasaran s ON s.id = cs.sasaran_id;

CREATE VIEW kinerja.v_penyerapan AS
SELECT tahun, kode_opd, tingkat, kode, nama, jenis_belanja, anggaran, realisasi, persen
FROM kinerja.penyerapan;

CREATE VIEW kinerja.v_temuan AS
SELECT tahun, kode_opd, tingkat, kode, pesan, sumber, asal, import_id
FROM kinerja.temuan;

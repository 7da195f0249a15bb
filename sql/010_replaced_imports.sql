-- A budget import replaces the lines of its (tahun, OPD, versi) by marking the scope's earlier imports replaced
-- in its own transaction; a purge_lines job, enqueued in that transaction, deletes their lines afterwards.
-- Deleting a million lines inside the import took 0.8 s, as long as a third of the import itself, and held the
-- old lines' deletion in the import's critical path. Readers of v_anggaran_berlaku never see replaced lines.
ALTER TABLE kinerja.imports ADD COLUMN replaced_by bigint REFERENCES kinerja.imports ON DELETE SET NULL;
CREATE INDEX imports_scope_idx ON kinerja.imports (kind, tahun, kode_opd, versi) WHERE replaced_by IS NULL;

-- As in 008, over the lines of imports that are not replaced.
CREATE OR REPLACE VIEW kinerja.v_anggaran_berlaku AS
SELECT a.*
FROM kinerja.anggaran a
JOIN (
    SELECT c.tahun, c.kode_opd,
           max(CASE c.versi WHEN 'perubahan' THEN 3 WHEN 'pergeseran' THEN 2 ELSE 1 END) AS versi_rank
    FROM kinerja.anggaran c
    WHERE NOT EXISTS (SELECT 1 FROM kinerja.imports r WHERE r.id = c.import_id AND r.replaced_by IS NOT NULL)
    GROUP BY c.tahun, c.kode_opd
) latest ON latest.tahun = a.tahun AND latest.kode_opd = a.kode_opd
        AND latest.versi_rank = CASE a.versi WHEN 'perubahan' THEN 3 WHEN 'pergeseran' THEN 2 ELSE 1 END
WHERE NOT EXISTS (SELECT 1 FROM kinerja.imports r WHERE r.id = a.import_id AND r.replaced_by IS NOT NULL);

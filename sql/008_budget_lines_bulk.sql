-- Budget lines, reshaped for bulk imports. A line used to carry its scope (tahun, OPD, versi) and its program,
-- kegiatan and sub kegiatan codes and names, repeated on every one of the hundreds of account lines of a block,
-- with an identity key, two foreign keys and a btree scope index. On a 1-million-line import the foreign-key
-- triggers took about 7 s, the identity key 1.1 s, the scope index 1.1 s, and the 19 columns 1.7 s more than the
-- 11 kept here. Now:
-- - the scope lives in kinerja.imports (an import replaces one scope), the repeated context in
--   kinerja.anggaran_konteks (one row per distinct program / kegiatan / sub kegiatan of an import), and
--   kinerja.anggaran_baris holds the 11 columns that differ from line to line;
-- - a line is (import_id, source_row), unique because the importer writes each row once; the only index on the
--   lines is a BRIN on import_id: an import's lines lie together on disk;
-- - the lines' reference to their import is kept by the importer (it writes both in one transaction) and by
--   the trigger that deletes an import's lines with it;
-- - kinerja.anggaran becomes a view with the old columns, so readers and fixtures keep working.
--
-- A new import replaces the lines of its scope by marking the scope's earlier imports replaced (replaced_by) in
-- its own transaction; a purge_lines job enqueued in that transaction deletes their lines afterwards (deleting a
-- million lines inside the import took 0.8 s). v_anggaran_berlaku never shows replaced lines.

-- An import that replaced others cannot be deleted while they are recorded: deleting it would bring them back
-- as current after purge_lines had deleted their lines.
ALTER TABLE kinerja.imports ADD COLUMN replaced_by bigint REFERENCES kinerja.imports;
CREATE INDEX imports_scope_idx ON kinerja.imports (kind, tahun, kode_opd, versi) WHERE replaced_by IS NULL;

CREATE TABLE kinerja.anggaran_konteks (
    import_id         bigint  NOT NULL REFERENCES kinerja.imports ON DELETE CASCADE,
    konteks           integer NOT NULL,
    kode_program      text    NOT NULL DEFAULT '',
    nama_program      text    NOT NULL DEFAULT '',
    kode_kegiatan     text    NOT NULL DEFAULT '',
    nama_kegiatan     text    NOT NULL DEFAULT '',
    kode_sub_kegiatan text    NOT NULL DEFAULT '',
    nama_sub_kegiatan text    NOT NULL DEFAULT '',
    PRIMARY KEY (import_id, konteks)
);

CREATE TABLE kinerja.anggaran_baris (
    import_id       bigint  NOT NULL,
    source_row      integer NOT NULL,
    konteks         integer NOT NULL,
    tingkat         text    NOT NULL CHECK (tingkat IN ('program', 'kegiatan', 'sub_kegiatan', 'akun', 'lain')),
    kode_akun       text    NOT NULL DEFAULT '',
    nama_akun       text    NOT NULL DEFAULT '',
    jenis_belanja   text    NOT NULL DEFAULT '',
    anggaran        numeric(20, 2) NOT NULL,
    realisasi       numeric(20, 2),
    persen_tercetak text,
    is_leaf         boolean NOT NULL DEFAULT true
);
CREATE INDEX anggaran_baris_import_brin ON kinerja.anggaran_baris USING brin (import_id);

-- Lines stored before this migration: their imports take the scope of their lines, their context is numbered.
UPDATE kinerja.imports i SET tahun = a.tahun, kode_opd = a.kode_opd, versi = a.versi
FROM (SELECT DISTINCT import_id, tahun, kode_opd, versi FROM kinerja.anggaran) a
WHERE a.import_id = i.id AND i.tahun IS NULL;
INSERT INTO kinerja.anggaran_konteks
SELECT import_id,
       row_number() OVER (PARTITION BY import_id ORDER BY kode_program, nama_program, kode_kegiatan, nama_kegiatan,
                                                         kode_sub_kegiatan, nama_sub_kegiatan),
       kode_program, nama_program, kode_kegiatan, nama_kegiatan, kode_sub_kegiatan, nama_sub_kegiatan
FROM (SELECT DISTINCT import_id, kode_program, nama_program, kode_kegiatan, nama_kegiatan, kode_sub_kegiatan,
                      nama_sub_kegiatan
      FROM kinerja.anggaran) d;
INSERT INTO kinerja.anggaran_baris
SELECT a.import_id, a.source_row, k.konteks, a.tingkat, a.kode_akun, a.nama_akun, a.jenis_belanja, a.anggaran,
       a.realisasi, a.persen_tercetak, a.is_leaf
FROM kinerja.anggaran a
JOIN kinerja.anggaran_konteks k
  ON k.import_id = a.import_id AND k.kode_program = a.kode_program AND k.nama_program = a.nama_program
 AND k.kode_kegiatan = a.kode_kegiatan AND k.nama_kegiatan = a.nama_kegiatan
 AND k.kode_sub_kegiatan = a.kode_sub_kegiatan AND k.nama_sub_kegiatan = a.nama_sub_kegiatan;

DROP VIEW kinerja.v_anggaran_berlaku;
DROP TABLE kinerja.anggaran;

-- The lines of imports not replaced, with the columns the table had (less its id): a new import replaces its
-- scope's lines here in the same commit, before purge_lines deletes the old ones from kinerja.anggaran_baris.
CREATE VIEW kinerja.anggaran AS
SELECT i.tahun, i.kode_opd, i.versi, b.tingkat, k.kode_program, k.nama_program, k.kode_kegiatan, k.nama_kegiatan,
       k.kode_sub_kegiatan, k.nama_sub_kegiatan, b.kode_akun, b.nama_akun, b.jenis_belanja, b.anggaran, b.realisasi,
       b.persen_tercetak, b.is_leaf, b.import_id, b.source_row
FROM kinerja.anggaran_baris b
JOIN kinerja.imports i ON i.id = b.import_id
JOIN kinerja.anggaran_konteks k ON k.import_id = b.import_id AND k.konteks = b.konteks
WHERE i.replaced_by IS NULL;
ALTER VIEW kinerja.anggaran ALTER COLUMN versi SET DEFAULT 'murni';
ALTER VIEW kinerja.anggaran ALTER COLUMN is_leaf SET DEFAULT true;
ALTER VIEW kinerja.anggaran ALTER COLUMN kode_program SET DEFAULT '';
ALTER VIEW kinerja.anggaran ALTER COLUMN nama_program SET DEFAULT '';
ALTER VIEW kinerja.anggaran ALTER COLUMN kode_kegiatan SET DEFAULT '';
ALTER VIEW kinerja.anggaran ALTER COLUMN nama_kegiatan SET DEFAULT '';
ALTER VIEW kinerja.anggaran ALTER COLUMN kode_sub_kegiatan SET DEFAULT '';
ALTER VIEW kinerja.anggaran ALTER COLUMN nama_sub_kegiatan SET DEFAULT '';
ALTER VIEW kinerja.anggaran ALTER COLUMN kode_akun SET DEFAULT '';
ALTER VIEW kinerja.anggaran ALTER COLUMN nama_akun SET DEFAULT '';
ALTER VIEW kinerja.anggaran ALTER COLUMN jenis_belanja SET DEFAULT '';

-- A row inserted into the view (fixtures, hand corrections) goes into the two tables; its import takes the row's
-- scope if it has none, and a row of another scope than its import's is refused.
CREATE FUNCTION kinerja.anggaran_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    imp kinerja.imports%ROWTYPE;
    k integer;
BEGIN
    UPDATE kinerja.imports
    SET tahun = COALESCE(tahun, NEW.tahun), kode_opd = COALESCE(kode_opd, NEW.kode_opd),
        versi = COALESCE(versi, NEW.versi)
    WHERE id = NEW.import_id
    RETURNING * INTO imp;
    IF NOT FOUND THEN
        RAISE foreign_key_violation USING MESSAGE = format('import %s does not exist', NEW.import_id);
    END IF;
    IF (imp.tahun, imp.kode_opd, imp.versi) IS DISTINCT FROM (NEW.tahun, NEW.kode_opd, NEW.versi) THEN
        RAISE check_violation USING MESSAGE = format('line of %s/%s/%s in import %s of %s/%s/%s', NEW.tahun,
            NEW.kode_opd, NEW.versi, imp.id, imp.tahun, imp.kode_opd, imp.versi);
    END IF;
    SELECT konteks INTO k FROM kinerja.anggaran_konteks
    WHERE import_id = NEW.import_id AND kode_program = NEW.kode_program AND nama_program = NEW.nama_program
      AND kode_kegiatan = NEW.kode_kegiatan AND nama_kegiatan = NEW.nama_kegiatan
      AND kode_sub_kegiatan = NEW.kode_sub_kegiatan AND nama_sub_kegiatan = NEW.nama_sub_kegiatan;
    IF NOT FOUND THEN
        SELECT COALESCE(max(konteks), 0) + 1 INTO k FROM kinerja.anggaran_konteks WHERE import_id = NEW.import_id;
        INSERT INTO kinerja.anggaran_konteks
        VALUES (NEW.import_id, k, NEW.kode_program, NEW.nama_program, NEW.kode_kegiatan, NEW.nama_kegiatan,
                NEW.kode_sub_kegiatan, NEW.nama_sub_kegiatan);
    END IF;
    INSERT INTO kinerja.anggaran_baris
    VALUES (NEW.import_id, NEW.source_row, k, NEW.tingkat, NEW.kode_akun, NEW.nama_akun, NEW.jenis_belanja,
            NEW.anggaran, NEW.realisasi, NEW.persen_tercetak, NEW.is_leaf);
    RETURN NEW;
END $$;
CREATE TRIGGER anggaran_insert INSTEAD OF INSERT ON kinerja.anggaran
    FOR EACH ROW EXECUTE FUNCTION kinerja.anggaran_insert();

-- Deleting an import deletes its lines (its contexts go by their foreign key).
CREATE FUNCTION kinerja.imports_delete_lines() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM kinerja.anggaran_baris WHERE import_id = OLD.id;
    RETURN OLD;
END $$;
CREATE TRIGGER imports_delete_lines BEFORE DELETE ON kinerja.imports
    FOR EACH ROW EXECUTE FUNCTION kinerja.imports_delete_lines();

-- An OPD with budget lines cannot be deleted or renamed (what the lines' foreign key did).
CREATE FUNCTION kinerja.opd_keep_lines() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.kode = OLD.kode THEN
        RETURN NEW;
    END IF;
    IF EXISTS (SELECT 1 FROM kinerja.imports i
               WHERE i.kode_opd = OLD.kode AND EXISTS (SELECT 1 FROM kinerja.anggaran_baris b WHERE b.import_id = i.id))
    THEN
        RAISE foreign_key_violation USING MESSAGE = format('OPD %s still has budget lines', OLD.kode);
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER opd_keep_lines BEFORE DELETE OR UPDATE OF kode ON kinerja.opd
    FOR EACH ROW EXECUTE FUNCTION kinerja.opd_keep_lines();

-- The budget imports in force: per (tahun, OPD) the latest of murni < pergeseran < perubahan among the budget
-- imports not replaced (an import always has lines: the importer refuses a file without any). Questions about a
-- scope's budget that need no lines (which imports, is there one) ask this view, not the lines.
CREATE VIEW kinerja.v_imports_berlaku AS
SELECT i.*
FROM kinerja.imports i
WHERE i.kind = 'rka' AND i.replaced_by IS NULL
  AND NOT EXISTS (
      SELECT 1 FROM kinerja.imports j
      WHERE j.kind = 'rka' AND j.replaced_by IS NULL AND j.tahun = i.tahun AND j.kode_opd = i.kode_opd
        AND CASE j.versi WHEN 'perubahan' THEN 3 WHEN 'pergeseran' THEN 2 ELSE 1 END
          > CASE i.versi WHEN 'perubahan' THEN 3 WHEN 'pergeseran' THEN 2 ELSE 1 END);

-- The lines of the budget version that counts.
CREATE VIEW kinerja.v_anggaran_berlaku AS
SELECT a.*
FROM kinerja.anggaran a
JOIN kinerja.v_imports_berlaku i ON i.id = a.import_id;

GRANT SELECT, INSERT, UPDATE, DELETE ON kinerja.anggaran_konteks, kinerja.anggaran_baris TO kinerja_worker;
GRANT SELECT, INSERT ON kinerja.anggaran TO kinerja_worker;
GRANT SELECT ON kinerja.v_imports_berlaku, kinerja.v_anggaran_berlaku TO kinerja_worker;

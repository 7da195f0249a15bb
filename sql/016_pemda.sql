-- Governments (pemda: pemerintah daerah, a province, regency or city) as entities. OPD codes repeat across
-- governments (every city has an 8.01.0.00.0.00.01.0000), and one database may serve a province and its cities, so
-- an OPD is (pemda_id, kode) and every table keyed by an OPD carries its government. A government is known by its
-- code (kode_pemda, e.g. the Kemendagri code 62.71), by its name (Kota Palangka Raya), or both; a database that
-- holds one government needs neither (kinerja.pemda_for). A sasaran with no OPD (kode_opd NULL) is the
-- government's own: its key indicators (IKU), reported in the government-wide LKIP.

-- A government's name as stored and printed: spaces collapsed, and a leading title dropped (`Pemerintah Kota X`,
-- `Pemda Kota X` and `Kota X` are one government; reports print the title themselves). The same rule as the
-- importer's `PemdaName`. Its key is the name lowercased.
CREATE FUNCTION kinerja.pemda_name(nama text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT regexp_replace(regexp_replace(btrim(nama), '\s+', ' ', 'g'), '^(pemerintah daerah|pemerintah|pemda) ', '', 'i')
$$;
CREATE FUNCTION kinerja.pemda_key(nama text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT lower(kinerja.pemda_name(nama)) $$;

CREATE TABLE kinerja.pemda (
    id         integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kode       text UNIQUE CHECK (kode ~ '^\S' AND length(kode) <= 64),
    -- '' while only the code is known, or for the one government of a database that never named it.
    nama       text NOT NULL DEFAULT '' CHECK (length(nama) <= 255),
    created_at timestamptz NOT NULL DEFAULT now()
);
-- One government per name, however it is cased or spaced; one unnamed government without a code at most.
CREATE UNIQUE INDEX pemda_nama_idx ON kinerja.pemda (kinerja.pemda_key(nama)) WHERE nama <> '';
CREATE UNIQUE INDEX pemda_unnamed_idx ON kinerja.pemda ((true)) WHERE nama = '' AND kode IS NULL;

-- The government a file row or a job names by code and/or name (NULL or blank: not named), created when new.
-- Named by neither: the database's only government (an unnamed one is created in a database that has none);
-- with several, an error that lists them. A name or code not known yet, in a database whose only government is the
-- unnamed one, names that one (its data came from files that did not say). A code and a name that belong to two
-- different governments are refused. Creating or naming one takes a lock held to the end of the transaction, and
-- looks again once it has it: two first imports at once (one naming the government, one not) find one government,
-- not two.
CREATE FUNCTION kinerja.pemda_for(p_kode text, p_nama text) RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_kode text := NULLIF(btrim(p_kode), '');
    v_nama text := NULLIF(kinerja.pemda_name(p_nama), '');
    g kinerja.pemda%ROWTYPE;
    n integer;
    names text;
BEGIN
    FOR attempt IN 1..2 LOOP
        IF attempt = 2 THEN
            PERFORM pg_advisory_xact_lock(hashtext('kinerja.pemda_for'));
        END IF;
        IF v_kode IS NULL AND v_nama IS NULL THEN
            SELECT count(*), string_agg(concat_ws(' ', kode, NULLIF(nama, '')), ', ' ORDER BY id) INTO n, names
            FROM kinerja.pemda;
            IF n = 1 THEN
                RETURN (SELECT id FROM kinerja.pemda);
            ELSIF n > 1 THEN
                RAISE EXCEPTION 'basis data ini memuat % pemerintah (%): sebutkan satu (--pemda, atau kolom kode_pemda atau pemerintah)',
                    n, names USING ERRCODE = '22023';
            END IF;
        ELSE
            IF v_kode IS NOT NULL THEN
                SELECT * INTO g FROM kinerja.pemda WHERE kode = v_kode;
            END IF;
            IF g.id IS NULL AND v_nama IS NOT NULL THEN
                SELECT * INTO g FROM kinerja.pemda
                WHERE nama <> '' AND kinerja.pemda_key(nama) = kinerja.pemda_key(v_nama);
            END IF;
            EXIT WHEN g.id IS NOT NULL;
        END IF;
    END LOOP;
    IF g.id IS NULL THEN
        IF v_kode IS NULL AND v_nama IS NULL THEN
            INSERT INTO kinerja.pemda (nama) VALUES ('') RETURNING id INTO n;
            RETURN n;
        END IF;
        -- Only the unnamed government so far: it is the one this file names.
        UPDATE kinerja.pemda SET kode = v_kode, nama = COALESCE(v_nama, '')
        WHERE nama = '' AND kode IS NULL AND (SELECT count(*) FROM kinerja.pemda) = 1
        RETURNING * INTO g;
        IF g.id IS NULL THEN
            INSERT INTO kinerja.pemda (kode, nama) VALUES (v_kode, COALESCE(v_nama, '')) RETURNING * INTO g;
        END IF;
        RETURN g.id;
    END IF;
    IF v_kode IS NOT NULL AND g.kode IS DISTINCT FROM v_kode THEN
        IF g.kode IS NOT NULL THEN
            RAISE EXCEPTION 'pemerintah "%" berkode %, bukan %', g.nama, g.kode, v_kode USING ERRCODE = '22023';
        END IF;
        UPDATE kinerja.pemda SET kode = v_kode WHERE id = g.id;
    END IF;
    IF v_nama IS NOT NULL AND kinerja.pemda_key(g.nama) IS DISTINCT FROM kinerja.pemda_key(v_nama) THEN
        IF g.nama <> '' THEN
            RAISE EXCEPTION 'kode_pemda % adalah "%", bukan "%"', g.kode, g.nama, v_nama USING ERRCODE = '22023';
        END IF;
        IF EXISTS (SELECT 1 FROM kinerja.pemda WHERE nama <> '' AND kinerja.pemda_key(nama) = kinerja.pemda_key(v_nama))
        THEN
            RAISE EXCEPTION 'pemerintah "%" sudah ada dengan kode lain, bukan %', v_nama, g.kode USING ERRCODE = '22023';
        END IF;
        UPDATE kinerja.pemda SET nama = v_nama WHERE id = g.id;
    END IF;
    RETURN g.id;
END
$$;

-- The government a command line names (its code or its name), without creating one: NULL when unknown.
CREATE FUNCTION kinerja.pemda_named(p text) RETURNS integer
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT id FROM kinerja.pemda
    WHERE kode = btrim(p) OR (nama <> '' AND kinerja.pemda_key(nama) = kinerja.pemda_key(p))
    ORDER BY kode = btrim(p) DESC LIMIT 1
$$;

-- Existing data: one government per name the OPDs carried (opd.pemerintah), or a single one (named if the OPDs
-- named one) when they named at most one; rows whose OPD is unknown go to the only or the unnamed government.
DO $$
DECLARE
    names text[];
BEGIN
    SELECT array_agg(DISTINCT kinerja.pemda_name(pemerintah)) INTO names
    FROM kinerja.opd WHERE kinerja.pemda_name(COALESCE(pemerintah, '')) <> '';
    IF cardinality(names) >= 1 THEN
        INSERT INTO kinerja.pemda (nama) SELECT DISTINCT ON (kinerja.pemda_key(n)) n FROM unnest(names) n;
    ELSIF EXISTS (SELECT 1 FROM kinerja.opd) OR EXISTS (SELECT 1 FROM kinerja.imports)
       OR EXISTS (SELECT 1 FROM kinerja.temuan) OR EXISTS (SELECT 1 FROM kinerja.penyerapan)
       OR EXISTS (SELECT 1 FROM kinerja.reports) OR EXISTS (SELECT 1 FROM kinerja.narasi) THEN
        INSERT INTO kinerja.pemda (nama) VALUES ('');
    END IF;
END $$;

-- The only government, or else the unnamed one (created), for rows that name none.
CREATE FUNCTION pg_temp.fallback_pemda() RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT count(*) FROM kinerja.pemda) = 1 THEN
        RETURN (SELECT id FROM kinerja.pemda);
    END IF;
    INSERT INTO kinerja.pemda (nama) VALUES ('') ON CONFLICT DO NOTHING;
    RETURN (SELECT id FROM kinerja.pemda WHERE nama = '' AND kode IS NULL);
END $$;

ALTER TABLE kinerja.opd ADD COLUMN pemda_id integer REFERENCES kinerja.pemda;
UPDATE kinerja.opd o SET pemda_id = COALESCE(
    (SELECT id FROM kinerja.pemda p WHERE p.nama <> '' AND kinerja.pemda_key(p.nama) = kinerja.pemda_key(o.pemerintah)),
    pg_temp.fallback_pemda());
-- Where the government's name lives now.
ALTER TABLE kinerja.opd DROP COLUMN pemerintah;

ALTER TABLE kinerja.sasaran DROP CONSTRAINT sasaran_kode_opd_fkey;
ALTER TABLE kinerja.opd DROP CONSTRAINT opd_pkey;
ALTER TABLE kinerja.opd ALTER COLUMN pemda_id SET NOT NULL;
ALTER TABLE kinerja.opd ADD PRIMARY KEY (pemda_id, kode);

-- Every table keyed by an OPD: its rows take their OPD's government, or the only (or unnamed) one.
CREATE FUNCTION pg_temp.pemda_of(kode_opd text) RETURNS integer LANGUAGE sql AS $$
    SELECT COALESCE((SELECT pemda_id FROM kinerja.opd WHERE kode = kode_opd), pg_temp.fallback_pemda())
$$;
ALTER TABLE kinerja.sasaran ADD COLUMN pemda_id integer REFERENCES kinerja.pemda;
UPDATE kinerja.sasaran SET pemda_id = pg_temp.pemda_of(kode_opd);
ALTER TABLE kinerja.imports ADD COLUMN pemda_id integer REFERENCES kinerja.pemda;
-- A performance import of several OPDs has no kode_opd: its government is that of the indicators it wrote.
UPDATE kinerja.imports i SET pemda_id = (
    SELECT s.pemda_id FROM kinerja.indikator_nilai n
    JOIN kinerja.indikator d ON d.id = n.indikator_id
    JOIN kinerja.sasaran s ON s.id = d.sasaran_id
    WHERE n.import_id = i.id LIMIT 1)
WHERE i.kode_opd IS NULL;
UPDATE kinerja.imports SET pemda_id = pg_temp.pemda_of(kode_opd) WHERE pemda_id IS NULL;
ALTER TABLE kinerja.penyerapan ADD COLUMN pemda_id integer REFERENCES kinerja.pemda;
UPDATE kinerja.penyerapan SET pemda_id = pg_temp.pemda_of(kode_opd);
ALTER TABLE kinerja.temuan ADD COLUMN pemda_id integer REFERENCES kinerja.pemda;
UPDATE kinerja.temuan SET pemda_id = pg_temp.pemda_of(kode_opd);
ALTER TABLE kinerja.reports ADD COLUMN pemda_id integer REFERENCES kinerja.pemda;
UPDATE kinerja.reports SET pemda_id = pg_temp.pemda_of(kode_opd);
ALTER TABLE kinerja.narasi ADD COLUMN pemda_id integer REFERENCES kinerja.pemda;
UPDATE kinerja.narasi SET pemda_id = pg_temp.pemda_of(kode_opd);

-- Rows written without a government (fixtures, hand corrections) take the only one; in a database of several they
-- are refused with the list. Workers from before this file cannot run against it (the columns and keys they write
-- changed): stop them, migrate, start the new ones (docs/operations.md).
ALTER TABLE kinerja.sasaran ALTER COLUMN pemda_id SET DEFAULT kinerja.pemda_for(NULL, NULL),
    ALTER COLUMN pemda_id SET NOT NULL;
ALTER TABLE kinerja.opd ALTER COLUMN pemda_id SET DEFAULT kinerja.pemda_for(NULL, NULL);
ALTER TABLE kinerja.penyerapan ALTER COLUMN pemda_id SET DEFAULT kinerja.pemda_for(NULL, NULL),
    ALTER COLUMN pemda_id SET NOT NULL;
ALTER TABLE kinerja.temuan ALTER COLUMN pemda_id SET DEFAULT kinerja.pemda_for(NULL, NULL),
    ALTER COLUMN pemda_id SET NOT NULL;
ALTER TABLE kinerja.reports ALTER COLUMN pemda_id SET DEFAULT kinerja.pemda_for(NULL, NULL),
    ALTER COLUMN pemda_id SET NOT NULL;
ALTER TABLE kinerja.narasi ALTER COLUMN pemda_id SET DEFAULT kinerja.pemda_for(NULL, NULL),
    ALTER COLUMN pemda_id SET NOT NULL;
-- An import is of one government: a budget import of one scope, a performance file of one government.
ALTER TABLE kinerja.imports ALTER COLUMN pemda_id SET DEFAULT kinerja.pemda_for(NULL, NULL),
    ALTER COLUMN pemda_id SET NOT NULL;

-- The government's own sasaran have no OPD; one name per (government, OPD or none).
ALTER TABLE kinerja.sasaran ALTER COLUMN kode_opd DROP NOT NULL;
ALTER TABLE kinerja.sasaran DROP CONSTRAINT sasaran_kode_opd_nama_key;
ALTER TABLE kinerja.sasaran ADD CONSTRAINT sasaran_pemda_opd_nama_key UNIQUE NULLS NOT DISTINCT (pemda_id, kode_opd, nama);
ALTER TABLE kinerja.sasaran ADD FOREIGN KEY (pemda_id, kode_opd) REFERENCES kinerja.opd (pemda_id, kode);
ALTER TABLE kinerja.temuan ALTER COLUMN kode_opd DROP NOT NULL;
-- The government-wide report has no OPD.
ALTER TABLE kinerja.reports ALTER COLUMN kode_opd DROP NOT NULL;

ALTER TABLE kinerja.penyerapan DROP CONSTRAINT penyerapan_pkey;
ALTER TABLE kinerja.penyerapan ADD PRIMARY KEY (pemda_id, tahun, kode_opd, tingkat, kode, nama, jenis_belanja);
-- A narrative without an OPD is the government-wide LKIP's.
ALTER TABLE kinerja.narasi DROP CONSTRAINT narasi_pkey;
ALTER TABLE kinerja.narasi ALTER COLUMN kode_opd DROP NOT NULL;
ALTER TABLE kinerja.narasi ADD CONSTRAINT narasi_scope_key UNIQUE NULLS NOT DISTINCT (pemda_id, tahun, kode_opd);
DROP INDEX kinerja.temuan_scope_idx;
CREATE INDEX temuan_scope_idx ON kinerja.temuan (pemda_id, tahun, kode_opd, asal);
DROP INDEX kinerja.reports_scope_idx;
CREATE INDEX reports_scope_idx ON kinerja.reports (pemda_id, tahun, kode_opd, format, id DESC);
DROP INDEX kinerja.imports_scope_idx;
CREATE INDEX imports_scope_idx ON kinerja.imports (kind, pemda_id, tahun, kode_opd, versi) WHERE replaced_by IS NULL;

-- Budget lines and the imports in force, per government. Columns are added at the end: readers keep working.
CREATE OR REPLACE VIEW kinerja.anggaran AS
SELECT i.tahun, i.kode_opd, i.versi, b.tingkat, k.kode_program, k.nama_program, k.kode_kegiatan, k.nama_kegiatan,
       k.kode_sub_kegiatan, k.nama_sub_kegiatan, b.kode_akun, b.nama_akun, b.jenis_belanja, b.anggaran, b.realisasi,
       b.persen_tercetak, b.is_leaf, b.import_id, b.source_row, i.pemda_id
FROM kinerja.anggaran_baris b
JOIN kinerja.imports i ON i.id = b.import_id
JOIN kinerja.anggaran_konteks k ON k.import_id = b.import_id AND k.konteks = b.konteks
WHERE i.replaced_by IS NULL;

CREATE OR REPLACE FUNCTION kinerja.anggaran_insert() RETURNS trigger LANGUAGE plpgsql AS $$
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
    IF (imp.tahun, imp.kode_opd, imp.versi, imp.pemda_id)
        IS DISTINCT FROM (NEW.tahun, NEW.kode_opd, NEW.versi, COALESCE(NEW.pemda_id, imp.pemda_id)) THEN
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

CREATE OR REPLACE FUNCTION kinerja.opd_keep_lines() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.kode = OLD.kode AND NEW.pemda_id = OLD.pemda_id THEN
        RETURN NEW;
    END IF;
    IF EXISTS (SELECT 1 FROM kinerja.imports i
               WHERE i.pemda_id = OLD.pemda_id AND i.kode_opd = OLD.kode
                 AND EXISTS (SELECT 1 FROM kinerja.anggaran_baris b WHERE b.import_id = i.id))
    THEN
        RAISE foreign_key_violation USING MESSAGE = format('OPD %s still has budget lines', OLD.kode);
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
DROP TRIGGER opd_keep_lines ON kinerja.opd;
CREATE TRIGGER opd_keep_lines BEFORE DELETE OR UPDATE OF kode, pemda_id ON kinerja.opd
    FOR EACH ROW EXECUTE FUNCTION kinerja.opd_keep_lines();

CREATE OR REPLACE VIEW kinerja.v_imports_berlaku AS
SELECT i.*
FROM kinerja.imports i
WHERE i.kind = 'rka' AND i.replaced_by IS NULL
  AND NOT EXISTS (
      SELECT 1 FROM kinerja.imports j
      WHERE j.kind = 'rka' AND j.replaced_by IS NULL AND j.tahun = i.tahun AND j.kode_opd = i.kode_opd
        AND j.pemda_id = i.pemda_id
        AND CASE j.versi WHEN 'perubahan' THEN 3 WHEN 'pergeseran' THEN 2 ELSE 1 END
          > CASE i.versi WHEN 'perubahan' THEN 3 WHEN 'pergeseran' THEN 2 ELSE 1 END);

CREATE OR REPLACE VIEW kinerja.v_anggaran_berlaku AS
SELECT a.*
FROM kinerja.anggaran a
JOIN kinerja.v_imports_berlaku i ON i.id = a.import_id;

-- The readers' views gain the government (kode_pemda, pemerintah, and pemda_id to join on) as their last columns. v_capaian and
-- v_capaian_sasaran also show the government's own sasaran (kode_opd NULL).
CREATE OR REPLACE VIEW kinerja.v_capaian AS
SELECT n.tahun, s.kode_opd, o.nama AS nama_opd, s.nama AS sasaran, i.nama AS indikator, i.satuan,
       i.polaritas, n.target, n.target_rpjmd, n.target_akhir_periode, n.realisasi,
       c.capaian, c.kategori, COALESCE(c.status, 'belum_dihitung') AS status, c.keterangan,
       prev.realisasi AS realisasi_tahun_lalu, cprev.capaian AS capaian_tahun_lalu,
       i.metode, n.import_id, p.kode AS kode_pemda, p.nama AS pemerintah, p.id AS pemda_id
FROM kinerja.indikator_nilai n
JOIN kinerja.indikator i ON i.id = n.indikator_id
JOIN kinerja.sasaran s ON s.id = i.sasaran_id
JOIN kinerja.pemda p ON p.id = s.pemda_id
LEFT JOIN kinerja.opd o ON o.pemda_id = s.pemda_id AND o.kode = s.kode_opd
LEFT JOIN kinerja.capaian c ON c.indikator_id = n.indikator_id AND c.tahun = n.tahun
LEFT JOIN kinerja.indikator_nilai prev ON prev.indikator_id = n.indikator_id AND prev.tahun = n.tahun - 1
LEFT JOIN kinerja.capaian cprev ON cprev.indikator_id = n.indikator_id AND cprev.tahun = n.tahun - 1;

CREATE OR REPLACE VIEW kinerja.v_capaian_sasaran AS
SELECT cs.tahun, s.kode_opd, s.nama AS sasaran, cs.capaian, cs.kategori, cs.indikator_dihitung,
       cs.indikator_dikecualikan, cs.dikecualikan, p.kode AS kode_pemda, p.nama AS pemerintah, p.id AS pemda_id
FROM kinerja.capaian_sasaran cs
JOIN kinerja.sasaran s ON s.id = cs.sasaran_id
JOIN kinerja.pemda p ON p.id = s.pemda_id;

CREATE OR REPLACE VIEW kinerja.v_penyerapan AS
SELECT y.tahun, y.kode_opd, y.tingkat, y.kode, y.nama, y.jenis_belanja, y.anggaran, y.realisasi, y.persen,
       p.kode AS kode_pemda, p.nama AS pemerintah, p.id AS pemda_id
FROM kinerja.penyerapan y
JOIN kinerja.pemda p ON p.id = y.pemda_id;

CREATE OR REPLACE VIEW kinerja.v_temuan AS
SELECT t.tahun, t.kode_opd, t.tingkat, t.kode, t.pesan, t.sumber, t.asal, t.import_id,
       p.kode AS kode_pemda, p.nama AS pemerintah, p.id AS pemda_id
FROM kinerja.temuan t
JOIN kinerja.pemda p ON p.id = t.pemda_id;

CREATE OR REPLACE VIEW kinerja.v_import_jobs AS
SELECT id, kind, state, args->>'sha256' AS sha256,
       COALESCE(args->>'tahun', args->'file_scope'->>'tahun')::int AS tahun,
       COALESCE(args->>'kode_opd', args->'file_scope'->>'kode_opd') AS kode_opd,
       args->>'versi' AS versi, args->>'sheet' AS sheet, args->>'file_name' AS file_name, args->>'pemda' AS pemda
FROM kinerja.jobs
WHERE kind IN ('import_rka', 'import_kinerja');

-- Job arguments: imports may name the government (pemda: its code or name, as the operator typed it; the worker
-- finds or creates it) and a performance import may be the government's own IKU table (iku: rows without an
-- OPD); recompute_capaian and produce_report take the government's id (pemda_id: the producer looked it up), and a
-- produce_report without kode_opd is the government-wide LKIP. check_job as sql/015 left it is renamed and keeps
-- every other check.
ALTER FUNCTION kinerja.check_job(text, jsonb, text, integer, timestamptz, integer, integer) RENAME TO check_job_015;

CREATE FUNCTION kinerja.check_job(
    p_kind text, p_args jsonb, p_queue text, p_priority integer, p_run_at timestamptz, p_max_attempts integer,
    p_timeout_seconds integer
) RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF jsonb_typeof(p_args) = 'object' THEN
        IF p_kind IN ('import_rka', 'import_kinerja', 'import_narasi') THEN
            IF p_args ? 'pemda' AND jsonb_typeof(p_args -> 'pemda') <> 'null' AND NOT (
                jsonb_typeof(p_args -> 'pemda') = 'string' AND length(p_args ->> 'pemda') BETWEEN 1 AND 255) THEN
                RAISE EXCEPTION 'argument "pemda" of % must be text of 1 to 255 characters', p_kind
                    USING ERRCODE = '22023';
            END IF;
            IF p_kind = 'import_kinerja' AND p_args ? 'iku'
               AND jsonb_typeof(p_args -> 'iku') NOT IN ('boolean', 'null') THEN
                RAISE EXCEPTION 'argument "iku" of import_kinerja must be true or false' USING ERRCODE = '22023';
            END IF;
            p_args := p_args - 'pemda';
            IF p_kind = 'import_kinerja' THEN
                p_args := p_args - 'iku';
            END IF;
        ELSIF p_kind IN ('recompute_capaian', 'produce_report') THEN
            IF p_args ? 'pemda_id' AND jsonb_typeof(p_args -> 'pemda_id') <> 'null' AND NOT (
                jsonb_typeof(p_args -> 'pemda_id') = 'number' AND (p_args ->> 'pemda_id') ~ '^[1-9][0-9]{0,8}$') THEN
                RAISE EXCEPTION 'argument "pemda_id" of % must be a government id', p_kind USING ERRCODE = '22023';
            END IF;
            p_args := p_args - 'pemda_id';
            -- The older check requires an OPD for a report; the government-wide one is checked with a stand-in.
            IF p_kind = 'produce_report' AND COALESCE(jsonb_typeof(p_args -> 'kode_opd'), 'null') = 'null' THEN
                p_args := p_args - 'kode_opd' || '{"kode_opd": "-"}';
            END IF;
        END IF;
    END IF;
    PERFORM kinerja.check_job_015(p_kind, p_args, p_queue, p_priority, p_run_at, p_max_attempts, p_timeout_seconds);
END
$$;
REVOKE ALL ON FUNCTION kinerja.check_job(text, jsonb, text, integer, timestamptz, integer, integer) FROM PUBLIC;

-- Workers find and create governments; producers and operators look them up (names and codes are not secret:
-- `kinerja enqueue ... --pemda` resolves them and lists them when unknown).
GRANT SELECT, INSERT, UPDATE ON kinerja.pemda TO kinerja_worker;
GRANT SELECT (id, kode, nama) ON kinerja.pemda TO kinerja_producer, kinerja_operator;
GRANT SELECT (pemda_id) ON kinerja.opd TO kinerja_producer, kinerja_operator;
REVOKE ALL ON FUNCTION kinerja.pemda_for(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kinerja.pemda_for(text, text) TO kinerja_worker;

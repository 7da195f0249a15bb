-- The LKIP domain: OPD (government agencies), their sasaran (strategic objectives) and indikator (performance
-- indicators) with values per year, budget lines (anggaran and realisasi), the uploads and imports they came from,
-- and the results of recompute_capaian. Money is numeric, never float.

CREATE TABLE kinerja.opd (
    kode       text PRIMARY KEY CHECK (kode <> ''),
    nama       text NOT NULL,
    pemerintah text,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- A file's bytes, uploaded by the producer in the same transaction as its job, in chunks so neither side holds
-- the whole file in memory.
CREATE TABLE kinerja.uploads (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sha256     text   NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    file_name  text   NOT NULL,
    size_bytes bigint NOT NULL CHECK (size_bytes >= 0),
    created_by text   NOT NULL DEFAULT current_user,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX uploads_sha256_idx ON kinerja.uploads (sha256);

CREATE TABLE kinerja.upload_chunks (
    upload_id bigint  NOT NULL REFERENCES kinerja.uploads ON DELETE CASCADE,
    seq       integer NOT NULL CHECK (seq >= 0),
    data      bytea   NOT NULL,
    PRIMARY KEY (upload_id, seq)
);
-- Chunks are already dense; do not spend CPU compressing them.
ALTER TABLE kinerja.upload_chunks ALTER COLUMN data SET STORAGE EXTERNAL;

-- One successful import of a file; every imported value and finding points back to it.
CREATE TABLE kinerja.imports (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind        text   NOT NULL CHECK (kind IN ('rka', 'kinerja')),
    upload_id   bigint REFERENCES kinerja.uploads ON DELETE SET NULL,
    file_name   text   NOT NULL,
    sha256      text   NOT NULL,
    tahun       integer,
    kode_opd    text,
    versi       text,
    rows        integer NOT NULL DEFAULT 0,
    job_id      bigint,
    imported_by text   NOT NULL DEFAULT current_user,
    imported_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE kinerja.sasaran (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kode_opd text NOT NULL REFERENCES kinerja.opd,
    nama     text NOT NULL,
    UNIQUE (kode_opd, nama)
);

CREATE TABLE kinerja.indikator (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sasaran_id bigint NOT NULL REFERENCES kinerja.sasaran ON DELETE CASCADE,
    nama       text   NOT NULL,
    satuan     text   NOT NULL DEFAULT '',
    -- positif: higher is better; negatif: lower is better (a rank, a rate of incidents).
    polaritas  text   NOT NULL DEFAULT 'positif' CHECK (polaritas IN ('positif', 'negatif')),
    -- standard, or rasio (target / realisasi for negatif).
    metode     text   NOT NULL DEFAULT 'standard' CHECK (metode IN ('standard', 'rasio')),
    UNIQUE (sasaran_id, nama)
);

-- An indicator's values for one year: the Perjanjian Kinerja target (as written, e.g. '92%' or '80-90', and
-- parsed), the medium-term targets, and the realisasi. A year may carry only a realisasi (last year's value).
CREATE TABLE kinerja.indikator_nilai (
    indikator_id         bigint  NOT NULL REFERENCES kinerja.indikator ON DELETE CASCADE,
    tahun                integer NOT NULL CHECK (tahun BETWEEN 1990 AND 2200),
    target               text,
    target_min           numeric,
    target_max           numeric,
    target_rpjmd         text,
    target_akhir_periode text,
    realisasi            numeric,
    import_id            bigint REFERENCES kinerja.imports ON DELETE SET NULL,
    source_row           integer,
    PRIMARY KEY (indikator_id, tahun),
    CHECK (target_min IS NULL OR target_max IS NULL OR target_min <= target_max)
);

-- Budget lines of one (tahun, OPD, versi). An import replaces them all at once. is_leaf marks lines with no
-- child line in the same import: absorption sums leaves only, parents are checked against their children.
CREATE TABLE kinerja.anggaran (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tahun             integer NOT NULL,
    kode_opd          text    NOT NULL REFERENCES kinerja.opd,
    versi             text    NOT NULL DEFAULT 'murni' CHECK (versi IN ('murni', 'pergeseran', 'perubahan')),
    tingkat           text    NOT NULL CHECK (tingkat IN ('program', 'kegiatan', 'sub_kegiatan', 'akun', 'lain')),
    kode_program      text    NOT NULL DEFAULT '',
    nama_program      text    NOT NULL DEFAULT '',
    kode_kegiatan     text    NOT NULL DEFAULT '',
    nama_kegiatan     text    NOT NULL DEFAULT '',
    kode_sub_kegiatan text    NOT NULL DEFAULT '',
    nama_sub_kegiatan text    NOT NULL DEFAULT '',
    kode_akun         text    NOT NULL DEFAULT '',
    nama_akun         text    NOT NULL DEFAULT '',
    jenis_belanja     text    NOT NULL DEFAULT '',
    anggaran          numeric(20, 2) NOT NULL,
    realisasi         numeric(20, 2),
    persen_tercetak   text,
    is_leaf           boolean NOT NULL DEFAULT true,
    import_id         bigint  NOT NULL REFERENCES kinerja.imports,
    source_row        integer NOT NULL
);
CREATE INDEX anggaran_scope_idx ON kinerja.anggaran (tahun, kode_opd, versi);
CREATE INDEX anggaran_import_idx ON kinerja.anggaran (import_id);

-- Results of recompute_capaian.
CREATE TABLE kinerja.capaian (
    indikator_id bigint  NOT NULL REFERENCES kinerja.indikator ON DELETE CASCADE,
    tahun        integer NOT NULL,
    capaian      numeric,
    kategori     text,
    status       text    NOT NULL,
    keterangan   text,
    PRIMARY KEY (indikator_id, tahun)
);

CREATE TABLE kinerja.capaian_sasaran (
    sasaran_id             bigint  NOT NULL REFERENCES kinerja.sasaran ON DELETE CASCADE,
    tahun                  integer NOT NULL,
    capaian                numeric,
    kategori               text,
    indikator_dihitung     integer NOT NULL,
    indikator_dikecualikan integer NOT NULL,
    dikecualikan           text    NOT NULL DEFAULT '',
    PRIMARY KEY (sasaran_id, tahun)
);

CREATE TABLE kinerja.penyerapan (
    tahun         integer NOT NULL,
    kode_opd      text    NOT NULL,
    tingkat       text    NOT NULL
        CHECK (tingkat IN ('opd', 'jenis_belanja', 'program', 'kegiatan', 'sub_kegiatan', 'akun')),
    kode          text    NOT NULL DEFAULT '',
    nama          text    NOT NULL DEFAULT '',
    jenis_belanja text    NOT NULL DEFAULT '',
    anggaran      numeric(22, 2) NOT NULL,
    realisasi     numeric(22, 2),
    persen        numeric,
    PRIMARY KEY (tahun, kode_opd, tingkat, kode, nama, jenis_belanja)
);

-- Findings. asal: 'import' (found while reading a file; kept with that import) or 'recompute'.
CREATE TABLE kinerja.temuan (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tahun     integer NOT NULL,
    kode_opd  text    NOT NULL,
    kode      text    NOT NULL,
    tingkat   text    NOT NULL CHECK (tingkat IN ('galat', 'peringatan', 'info')),
    pesan     text    NOT NULL,
    sumber    text,
    asal      text    NOT NULL CHECK (asal IN ('import', 'recompute')),
    import_id bigint  REFERENCES kinerja.imports ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX temuan_scope_idx ON kinerja.temuan (tahun, kode_opd, asal);

-- Produced reports, for other tools to fetch.
CREATE TABLE kinerja.reports (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id     bigint,
    tahun      integer NOT NULL,
    kode_opd   text    NOT NULL,
    format     text    NOT NULL CHECK (format IN ('html', 'md', 'json', 'csv')),
    content    bytea   NOT NULL,
    sha256     text    NOT NULL,
    -- The imports and recompute the figures came from.
    inputs     jsonb   NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reports_scope_idx ON kinerja.reports (tahun, kode_opd, format, id DESC);

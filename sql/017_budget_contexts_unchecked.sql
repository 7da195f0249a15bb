-- The contexts of a budget import (kinerja.anggaran_konteks) lose their foreign key to kinerja.imports, as its
-- lines did in 008: the key's check ran once per context row, inside every scope of a whole-government import
-- while the import waited (about 4 ms of a 20 000-line OPD's 85 ms). The importer writes an import's row before
-- its contexts in one transaction, and the trigger that deletes an import's lines now deletes its contexts too
-- (what the key's ON DELETE CASCADE did).
ALTER TABLE kinerja.anggaran_konteks DROP CONSTRAINT anggaran_konteks_import_id_fkey;

CREATE OR REPLACE FUNCTION kinerja.imports_delete_lines() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM kinerja.anggaran_baris WHERE import_id = OLD.id;
    DELETE FROM kinerja.anggaran_konteks WHERE import_id = OLD.id;
    RETURN OLD;
END $$;

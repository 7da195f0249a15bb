-- Uploaded exports are text that compresses about six to one. Storing the chunks lz4-compressed (instead of
-- uncompressed, as 003 did to save CPU) writes a sixth of the WAL and disk, which made the upload of a 138 MB
-- export faster, not slower: lz4 compresses faster than the server writes the bytes it saves. A server built
-- without lz4 keeps the chunks uncompressed.
DO $$
BEGIN
    ALTER TABLE kinerja.upload_chunks ALTER COLUMN data SET STORAGE EXTENDED, ALTER COLUMN data SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
    RAISE NOTICE 'lz4 is not available on this server; upload chunks stay uncompressed';
END $$;

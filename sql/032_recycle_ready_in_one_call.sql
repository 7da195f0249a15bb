-- The elected maintenance process empties drained ready slots with one call a second, not eight.
--
-- Until now it called recycle_ready once per slot: eight round trips a second, each a call of about 1 ms in which
-- the dump guard read pg_stat_activity before the slot's size was even looked at. A slot under 64 kB is never
-- emptied, and at most one slot a second stops being written to, so almost every one of those calls found nothing.
--
-- recycle_ready_slots looks at the sizes first, reads pg_stat_activity only when a slot is large enough, and empties
-- at most one slot per call: a TRUNCATE holds its slot's lock until the transaction ends, and every claim reads
-- every slot, so two slots in one transaction would keep claims waiting for both. recycle_ready(slot) stays for the
-- workers of earlier landings.

-- Returns the slot it emptied, or NULL.
CREATE FUNCTION kinerja.recycle_ready_slots() RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_now smallint := kinerja.ready_slot();
BEGIN
    FOR s IN 0..7 LOOP
        CONTINUE WHEN s = v_now OR pg_relation_size(format('kinerja.ready_%s', s)::regclass) < 65536;
        IF kinerja.dump_in_progress() THEN
            RETURN NULL;
        END IF;
        IF kinerja.recycle_ready_018(s) THEN
            RETURN s;
        END IF;
    END LOOP;
    RETURN NULL;
END
$$;

REVOKE ALL ON FUNCTION kinerja.recycle_ready_slots() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kinerja.recycle_ready_slots() TO kinerja_worker;

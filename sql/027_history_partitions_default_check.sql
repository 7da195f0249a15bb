-- add_history_partitions looks at the default partition only when today's partition is missing, not on every call
-- (sql/025's version read it at the top of every call: every prune round of the leader, every stand-by round of the
-- other processes).
-- Stop 30 shipped this body inside an edited sql/025; sql/025 has its landed text again, and this file carries the
-- change, so databases of either text end with the same function.

CREATE OR REPLACE FUNCTION kinerja.add_history_partitions(p_days integer DEFAULT 7) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
-- For the function only: a caller's later statements keep their own lock timeout and date style.
SET lock_timeout = '100ms'
SET datestyle = 'ISO, YMD'
AS $$
DECLARE
    today date := (now() AT TIME ZONE 'UTC')::date;
    d date;
    part text;
    added integer := 0;
BEGIN
    FOR i IN 0 .. p_days - 1 LOOP
        d := today + i;
        part := 'job_history_' || to_char(d, 'YYYYMMDD');
        CONTINUE WHEN EXISTS (SELECT 1 FROM kinerja.job_history_partitions WHERE name = part);
        -- Today may have rows in the default partition already: not tried while it holds any (normally none:
        -- finishes reach it only on days that had no partition).
        IF d = today AND EXISTS (SELECT 1 FROM kinerja.job_history_default) THEN
            CONTINUE;
        END IF;
        BEGIN
            EXECUTE format('CREATE TABLE kinerja.%I PARTITION OF kinerja.job_history FOR VALUES FROM (%L) TO (%L)',
                           part, d::timestamp AT TIME ZONE 'UTC', (d + 1)::timestamp AT TIME ZONE 'UTC');
            INSERT INTO kinerja.job_history_partitions (name, upper) VALUES (part, (d + 1)::timestamp AT TIME ZONE 'UTC');
            added := added + 1;
        EXCEPTION
            WHEN lock_not_available THEN
                RETURN added;
            -- Rows of that day in the default partition, or another process made it meanwhile.
            WHEN check_violation OR invalid_object_definition OR duplicate_table THEN
                NULL;
        END;
    END LOOP;
    RETURN added;
END
$$;

-- Running jobs indexed by when their lease runs out, so that the rescuer reads on from where its last look reached.
--
-- The rescuer found expired leases through the partial index of running jobs by id (002), walking every entry of
-- it. Each claim adds an entry there, and while an old snapshot is open (a dashboard, pg_dump, a long import)
-- vacuum may not remove the entries of jobs that have finished since: with one snapshot held, a look took 21-25 ms
-- after 100 000 claims, and grew with every claim after, every 5 s. Ordered by expiry, a look visits only the
-- leases that ran out since the last one (and a few seconds' overlap), however old the snapshot.
--
-- This index replaces the one by id: every query that asks for running jobs can use it, so a claim still adds one
-- entry. A heartbeat's update, which could be HOT while lease_expires_at was in no index, now adds an entry too:
-- one per running job per second, against one per job per claim.
CREATE INDEX jobs_lease_expiry_idx ON kinerja.jobs (lease_expires_at) WHERE state = 'running';
DROP INDEX kinerja.jobs_running_idx;

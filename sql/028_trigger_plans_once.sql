-- The two row triggers of kinerja.jobs plan their statements once per session, whatever the caller's
-- plan_cache_mode. The pool's connections plan each statement at every execution (force_custom_plan: the queue's
-- tables swing from empty to a million rows within seconds), and plpgsql follows that setting, so every row a
-- statement made available (a hand-back at shutdown, a rescue, a promotion of due jobs, an operator's retry) or
-- finished one at a time (a cancel, a discard) planned the trigger's inserts and delete again. Each of them reaches
-- its table by its key or by partition routing, so one plan fits every size. Measured in a rolled-back transaction
-- on 2 000 running jobs of the bench database: handing them back 108-184 ms before, 44-64 ms after; cancelling them
-- 124-162 ms before, 57-61 ms after.

ALTER FUNCTION kinerja.list_available_job() SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION kinerja.move_finished_job() SET plan_cache_mode = force_generic_plan;

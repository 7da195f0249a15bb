import Foundation
import JobQueue
import Postgres

extension DoctorChecks {
    /// The oldest open snapshot (a dashboard, `pg_dump`, a long report or import): which backend, which application,
    /// how old, and whether it holds the queue back. It always keeps vacuum from removing rows that died after it
    /// began; it holds the queue back only when it also holds a lock on the ready list (as `pg_dump` does), because
    /// then drained ready slots cannot be emptied with TRUNCATE. A lock on kinerja.jobs (a transaction that read
    /// `v_jobs` or `v_queue`) keeps the table from being compacted (sql/026): that costs space, not claims, and is
    /// said.
    func oldestSnapshot(_ limit: Double) throws -> Doctor.Check {
        let ready = try QueueAdmin.readyListBytes(on: conn)
        let readyText = String(format: "ready list %.1f MB", Double(ready) / 1_048_576)
        guard
            let row = try conn.query(
                """
                SELECT a.pid, a.application_name, a.usename, extract(epoch FROM now() - a.xact_start)::float8,
                       (SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
                        WHERE l.pid = a.pid AND c.relnamespace = 'kinerja'::regnamespace
                          AND c.relname ~ '^ready(_[0-7])?$')::int,
                       pg_total_relation_size('kinerja.jobs'),
                       EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.relation = 'kinerja.jobs'::regclass)
                FROM pg_stat_activity a
                WHERE a.backend_xmin IS NOT NULL AND a.pid <> pg_backend_pid() AND a.backend_type = 'client backend'
                  AND a.datname = current_database()
                ORDER BY age(a.backend_xmin) DESC, a.xact_start
                LIMIT 1
                """
            ).first
        else {
            return Doctor.Check(name: "oldest snapshot", status: .ok, detail: "none open; " + readyText)
        }
        let pid: Int = try row.decode(0)
        let application = try row.decode(1, as: String?.self).flatMap { $0.isEmpty ? nil : $0 } ?? "no application name"
        let user = try row.decode(2, as: String?.self) ?? "?"
        let seconds = try row.decode(3, as: Double?.self) ?? 0
        let readyLocks: Int = try row.decode(4)
        let jobsText = String(format: "kinerja.jobs %.1f MB", Double(try row.decode(5, as: Int64.self)) / 1_048_576)
        let compaction =
            try row.decode(6, as: Bool.self)
            ? "; it reads kinerja.jobs, which is not compacted until it ends (\(jobsText))"
            : " (\(jobsText), compacted by TRUNCATE)"
        let holder = String(format: "pid %d (%@, %@) open %.0f s", pid, application, user, seconds)
        if readyLocks > 0 && seconds > 5 {
            return Doctor.Check(
                name: "oldest snapshot", status: .fail,
                detail: holder
                    + ": it holds the queue back: it locks the ready list (as pg_dump does), so drained ready slots "
                    + "cannot be emptied; " + readyText + "; end it, or back up with a physical backup "
                    + "(pg_basebackup) instead")
        }
        return Doctor.Check(
            name: "oldest snapshot", status: seconds > limit ? .warn : .ok,
            detail: holder
                + ": not holding the queue back (claims read the ready list, emptied by TRUNCATE; \(readyText)); "
                + "vacuum cannot remove rows that died since it began\(compaction)")
    }
}

import Foundation
import Postgres

extension DoctorChecks {
    /// The history of finished jobs (sql/024): whether the days ahead have their partitions, and whether finishes went
    /// to the default partition (days that had none), whose rows retention deletes one batch a round instead of
    /// dropping a day. Either means the elected process did not make the partitions in time.
    func jobHistory() throws -> Doctor.Check {
        let row = try conn.query(
            """
            SELECT (SELECT count(*) FROM (SELECT 1 FROM kinerja.job_history_default LIMIT 1000001) d)::int,
                   (SELECT to_char(max(upper) AT TIME ZONE 'UTC' - interval '1 day', 'YYYY-MM-DD')
                    FROM kinerja.job_history_partitions WHERE upper > now() + interval '1 day')
            """
        ).first!
        let inDefault = try row.decode(0, as: Int.self)
        let lastDay = try row.decode(1, as: String?.self)
        var problems: [String] = []
        if lastDay == nil { problems.append("no partition for tomorrow") }
        if inDefault > 0 {
            problems.append(
                "\(inDefault > 1_000_000 ? "over a million" : "\(inDefault)") finished job(s) in the default partition")
        }
        let ahead = lastDay.map { "partitions made to \($0) (UTC)" } ?? "no partition ahead"
        return Doctor.Check(
            name: "job history", status: problems.isEmpty ? .ok : .warn,
            detail: problems.isEmpty
                ? ahead + "; none in the default partition"
                : problems.joined(separator: ", ") + "; is a worker running? " + ahead)
    }
}

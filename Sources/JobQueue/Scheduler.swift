import Foundation
import Postgres

/// Periodic jobs from `kinerja.schedules`. For each due tick, the process that moves the schedule's `last_tick`
/// forward (a row update only one can win) enqueues the job in the same transaction, with the unique key
/// `kinerja:cron:NAME:TICK`, so a tick fires exactly once however many worker processes run.
public enum Scheduler {
    /// A schedule as stored.
    public struct Schedule: Sendable, Codable, Equatable {
        public var name: String
        public var cron: String
        public var timezone: String
        public var kind: String
        public var queue: String
        public var args: String
        public var priority: Int
        public var enabled: Bool
        public var lastTick: Date?
    }

    /// Ticks missed by more than this (workers were down) are not fired late.
    public static let catchUpWindow: TimeInterval = 3600

    static let list = """
        SELECT name, cron, timezone, kind, queue, args::text AS args, priority, max_attempts, enabled, last_tick,
               created_at
        FROM kinerja.schedules ORDER BY name
        """

    static let advance = """
        UPDATE kinerja.schedules SET last_tick = $2
        WHERE name = $1 AND enabled AND (last_tick IS NULL OR last_tick < $2)
        """

    /// All schedules.
    public static func schedules(on conn: Connection) throws -> [Schedule] {
        try conn.query(SQL(unsafeSQL: list)).rows.map { row in
            Schedule(
                name: try row.decode("name"), cron: try row.decode("cron"), timezone: try row.decode("timezone"),
                kind: try row.decode("kind"), queue: try row.decode("queue"), args: try row.decode("args"),
                priority: try row.decode("priority"), enabled: try row.decode("enabled"),
                lastTick: try row.decode("last_tick", as: Date?.self))
        }
    }

    /// Adds or replaces a schedule after checking its cron expression and time zone.
    public static func upsert(
        name: String, cron: String, timezone: String = "Asia/Jakarta", job: NewJob, on conn: Connection
    ) throws {
        _ = try CronExpression(cron)
        guard TimeZone(identifier: timezone) != nil else {
            throw CronError(text: cron, reason: "unknown time zone \(timezone)")
        }
        // Through the operators' function: it checks the job as a producer's enqueue would be checked.
        try conn.query(
            """
            SELECT kinerja.put_schedule(\(name), \(cron), \(timezone), \(job.kind), \(job.queue), \(job.args)::jsonb,
                                        \(Int(job.priority)), \(job.maxAttempts))
            """)
    }

    /// Removes a schedule; false when there was none.
    public static func remove(name: String, on conn: Connection) throws -> Bool {
        try conn.query("SELECT kinerja.remove_schedule(\(name))").first!.decode(0, as: Bool.self)
    }

    /// Fires every schedule whose latest tick at or before `now` has not fired; returns the jobs enqueued here.
    @discardableResult
    public static func fireDue(on conn: Connection, now: Date) throws -> [Int64] {
        var fired: [Int64] = []
        for row in try conn.query(SQL(unsafeSQL: list)).rows where try row.decode("enabled", as: Bool.self) {
            let name: String = try row.decode("name")
            guard let cron = try? CronExpression(try row.decode("cron", as: String.self)),
                let zone = TimeZone(identifier: try row.decode("timezone", as: String.self))
            else { continue }
            let created: Date = try row.decode("created_at")
            let last = try row.decode("last_tick", as: Date?.self)
            let window = min(catchUpWindow, now.timeIntervalSince(created) + 60)
            guard let tick = cron.latestTick(atOrBefore: now, in: zone, window: max(0, window)),
                last.map({ $0 < tick }) ?? true
            else { continue }
            let job = NewJob(
                kind: try row.decode("kind"), args: try row.decode("args"), queue: try row.decode("queue"),
                priority: Int16(try row.decode("priority", as: Int.self)),
                maxAttempts: try row.decode("max_attempts"),
                uniqueKey: "\(Producer.systemKeyPrefix)cron:\(name):\(Int64(tick.timeIntervalSince1970))")
            let id = try conn.transaction { tx -> Int64? in
                guard try tx.execute(SQL(unsafeSQL: advance, binds: [name, tick])) == 1 else { return nil }
                return try Producer.enqueue(job, on: tx).id
            }
            if let id { fired.append(id) }
        }
        return fired
    }
}

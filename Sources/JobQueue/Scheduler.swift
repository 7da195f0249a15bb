import Foundation
import Postgres

/// Periodic jobs from `kinerja.schedules`. For each due tick, the process that moves the schedule's `last_tick`
/// forward (a row update only one can win) enqueues the job in the same transaction, with the unique key
/// `kinerja:cron:NAME:TICK`, so a tick fires exactly once however many worker processes run.
///
/// Time is the database's (`now()`), never the worker host's: a host whose clock is an hour fast or a day slow
/// fires the same ticks at the same moments as the others. One schedule that fails (a bad expression, an enqueue
/// the database refuses) is logged and skipped; the others still fire.
public enum Scheduler {
    /// What happens to ticks missed while no worker ran (all were down across a tick).
    public enum CatchUp: String, Sendable, Codable, CaseIterable {
        /// The latest missed tick fires once when a worker is back (within `catchUpLimit`).
        case once
        /// Missed ticks do not fire late; the skip is logged.
        case skip
    }

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
        public var catchUp: CatchUp
        public var lastTick: Date?

        enum CodingKeys: String, CodingKey {
            case name, cron, timezone, kind, queue, args, priority, enabled
            case catchUp = "catch_up"
            case lastTick
        }
    }

    /// A tick is on time this long after it is due (the maintenance loop looks every few seconds); later, it was
    /// missed, and `catchUp` decides.
    public static let onTimeWindow: TimeInterval = 60
    /// How far back `once` looks for a missed tick.
    public static let catchUpLimit: TimeInterval = 7 * 86400

    static let list = """
        SELECT name, cron, timezone, kind, queue, args::text AS args, priority, max_attempts, enabled, catch_up,
               last_tick, created_at
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
                catchUp: CatchUp(rawValue: try row.decode("catch_up", as: String.self)) ?? .once,
                lastTick: try row.decode("last_tick", as: Date?.self))
        }
    }

    /// Adds or replaces a schedule after checking its cron expression and time zone; the database checks its job
    /// as it checks a producer's (`kinerja.put_schedule`, operators only).
    public static func upsert(
        name: String, cron: String, timezone: String = "Asia/Jakarta", catchUp: CatchUp = .once, job: NewJob,
        on conn: Connection
    ) throws {
        _ = try CronExpression(cron)
        guard TimeZone(identifier: timezone) != nil else {
            throw CronError(text: cron, reason: "unknown time zone \(timezone)")
        }
        try conn.query(
            """
            SELECT kinerja.put_schedule(\(name), \(cron), \(timezone), \(job.kind), \(job.queue), \(job.args)::jsonb,
                                        \(Int(job.priority)), \(job.maxAttempts), \(catchUp.rawValue))
            """)
    }

    /// Removes a schedule; false when there was none.
    public static func remove(name: String, on conn: Connection) throws -> Bool {
        try conn.query("SELECT kinerja.remove_schedule(\(name))").first!.decode(0, as: Bool.self)
    }

    /// Fires every schedule whose latest tick at or before `now` (the database's clock when nil) has not fired;
    /// returns the jobs enqueued here. A schedule that fails is reported to `failed` and the rest go on.
    @discardableResult
    public static func fireDue(
        on conn: Connection, now: Date? = nil, failed: (String, any Error) -> Void = { _, _ in },
        skipped: (String, Date) -> Void = { _, _ in }
    ) throws -> [Int64] {
        let now = try now ?? conn.query("SELECT now()").first!.decode(0, as: Date.self)
        var fired: [Int64] = []
        for row in try conn.query(SQL(unsafeSQL: list)).rows where try row.decode("enabled", as: Bool.self) {
            let name: String = try row.decode("name")
            do {
                if let id = try fire(row, name: name, now: now, on: conn, skipped: skipped) { fired.append(id) }
            } catch {
                failed(name, error)
            }
        }
        return fired
    }

    private static func fire(
        _ row: Row, name: String, now: Date, on conn: Connection, skipped: (String, Date) -> Void
    ) throws -> Int64? {
        let cron = try CronExpression(try row.decode("cron", as: String.self))
        let zoneName: String = try row.decode("timezone")
        guard let zone = TimeZone(identifier: zoneName) else {
            throw CronError(text: zoneName, reason: "unknown time zone \(zoneName)")
        }
        let last = try row.decode("last_tick", as: Date?.self)
        // A new schedule fires a tick due up to a minute before it was made.
        let created: Date = try row.decode("created_at")
        let since = last ?? created.addingTimeInterval(-onTimeWindow)
        let back = min(catchUpLimit, max(0, now.timeIntervalSince(since)))
        guard let tick = cron.latestTick(atOrBefore: now, in: zone, window: back), last.map({ tick > $0 }) ?? true
        else {
            return nil
        }
        let catchUp = CatchUp(rawValue: try row.decode("catch_up", as: String.self)) ?? .once
        if catchUp == .skip && now.timeIntervalSince(tick) > onTimeWindow {
            // Missed: move past it without firing, once.
            if try conn.execute(SQL(unsafeSQL: advance, binds: [name, tick])) == 1 { skipped(name, tick) }
            return nil
        }
        let job = NewJob(
            kind: try row.decode("kind"), args: try row.decode("args"), queue: try row.decode("queue"),
            priority: Int16(try row.decode("priority", as: Int.self)),
            maxAttempts: try row.decode("max_attempts"),
            uniqueKey: "\(Producer.systemKeyPrefix)cron:\(name):\(Int64(tick.timeIntervalSince1970))")
        return try conn.transaction { tx -> Int64? in
            guard try tx.execute(SQL(unsafeSQL: advance, binds: [name, tick])) == 1 else { return nil }
            return try Producer.enqueue(job, on: tx).id
        }
    }
}

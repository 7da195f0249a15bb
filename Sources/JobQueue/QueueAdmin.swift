import Foundation
import Postgres

/// What operators do to jobs and queues: list, show, retry, cancel, pause, resume, stats. Every change is one
/// call of a function of sql/010 on the caller's connection, executable by `kinerja_operator` (and the schema's
/// owner) only. Listings read `kinerja.v_jobs`: a producer sees its own jobs there, an operator all of them.
public enum QueueAdmin {
    /// Filters for listings and bulk retry.
    public struct Filter: Sendable {
        public var states: [JobState]?
        public var kind: String?
        public var queue: String?
        public var limit: Int

        public init(states: [JobState]? = nil, kind: String? = nil, queue: String? = nil, limit: Int = 50) {
            self.states = states
            self.kind = kind
            self.queue = queue
            self.limit = limit
        }
    }

    /// One job, or nil.
    public static func job(_ id: Int64, on conn: Connection) throws -> JobRecord? {
        try conn.query(SQL(unsafeSQL: "SELECT \(JobRecord.columns) FROM kinerja.v_jobs WHERE id = $1", binds: [id]))
            .first.map(JobRecord.init(row:))
    }

    /// Jobs matching the filter, newest first. A role that sees every job (operators, workers, the owner) reads the
    /// two tables newest first by their id indexes, so a page costs the same however many days the history keeps;
    /// through `v_jobs`, whose security barrier keeps the order and limit outside, every job kept was read and
    /// sorted (0.6 s for a million finished jobs). A producer, who sees only its own jobs, reads `v_jobs`.
    public static func list(_ filter: Filter, on conn: Connection) throws -> [JobRecord] {
        let seesAll = try conn.query("SELECT kinerja.sees_all_jobs()").first!.decode(0, as: Bool.self)
        return try conn.query(
            SQL(
                unsafeSQL: seesAll ? listBothTables : listVisible,
                binds: [filter.states?.map(\.rawValue), filter.kind, filter.queue, filter.limit])
        ).rows.map(JobRecord.init(row:))
    }

    /// $1 states, $2 kind, $3 queue (each NULL for any), $4 limit.
    private static let matches = """
        ($1::text[] IS NULL OR state = ANY ($1::text[])) AND ($2::text IS NULL OR kind = $2)
          AND ($3::text IS NULL OR queue = $3)
        """

    static let listVisible = """
        SELECT \(JobRecord.columns) FROM kinerja.v_jobs WHERE \(matches)
        ORDER BY id DESC LIMIT $4
        """

    static let listBothTables = """
        SELECT * FROM (
            (SELECT \(JobRecord.columns) FROM kinerja.jobs WHERE \(matches) ORDER BY id DESC LIMIT $4)
            UNION ALL
            (SELECT \(JobRecord.columns) FROM kinerja.job_history WHERE \(matches) ORDER BY id DESC LIMIT $4)
        ) j
        ORDER BY id DESC LIMIT $4
        """

    /// Makes failed, discarded or cancelled jobs available again now, with fresh attempts; returns their ids.
    public static func retry(ids: [Int64], on conn: Connection) throws -> [Int64] {
        try conn.query("SELECT kinerja.retry_jobs(\(ids)::bigint[])").rows.map { try $0.decode(0, as: Int64.self) }
    }

    /// Retries every job in `discarded`, `cancelled` or `retryable` matching the filter (state, kind, queue).
    public static func retry(matching filter: Filter, on conn: Connection) throws -> [Int64] {
        try conn.query(
            """
            SELECT kinerja.retry_jobs(NULL, \(filter.states?.map(\.rawValue))::text[], \(filter.kind)::text, \(filter.queue)::text)
            """
        ).rows.map { try $0.decode(0, as: Int64.self) }
    }

    /// What a cancel did to one job.
    public enum CancelOutcome: String, Sendable, Codable {
        /// It had not started: it is cancelled now.
        case cancelled
        /// It is running: its handler is told to stop, and it ends as cancelled.
        case requested
        /// It had already finished, or does not exist.
        case notCancellable = "not_cancellable"
    }

    /// Cancels jobs: waiting ones at once; running ones by setting their cancel flag, which their worker reads at
    /// its next heartbeat (the notification sent with the flag makes that heartbeat come at once).
    public static func cancel(ids: [Int64], on conn: Connection) throws -> [Int64: CancelOutcome] {
        var outcome: [Int64: CancelOutcome] = [:]
        for row in try conn.query("SELECT job_id, outcome FROM kinerja.cancel_jobs(\(ids)::bigint[])").rows {
            outcome[try row.decode(0, as: Int64.self)] =
                CancelOutcome(rawValue: try row.decode(1, as: String.self)) ?? .notCancellable
        }
        return outcome
    }

    /// Pauses a queue: workers stop claiming from it; running jobs finish.
    public static func pause(queue: String, on conn: Connection) throws {
        try conn.query("SELECT kinerja.pause_queue(\(queue))")
    }

    /// Whether a queue has been used: it has settings (paused before), jobs (listed, counted or stored), or a live
    /// worker that names it. Pausing a queue nobody has used is most often a typo.
    public static func isKnown(queue: String, on conn: Connection) throws -> Bool {
        try conn.query(
            """
            SELECT EXISTS (SELECT 1 FROM kinerja.queues WHERE name = \(queue))
                OR EXISTS (SELECT 1 FROM kinerja.job_counters WHERE queue = \(queue))
                OR EXISTS (SELECT 1 FROM kinerja.job_counter_shards WHERE queue = \(queue))
                OR EXISTS (SELECT 1 FROM kinerja.job_counter_deltas WHERE queue = \(queue))
                OR EXISTS (SELECT 1 FROM kinerja.workers WHERE \(queue) = ANY (queues))
                OR EXISTS (SELECT 1 FROM kinerja.jobs WHERE queue = \(queue))
                OR EXISTS (SELECT 1 FROM kinerja.job_history_counts WHERE queue = \(queue))
                OR EXISTS (SELECT 1 FROM kinerja.job_history_count_deltas WHERE queue = \(queue))
            """
        ).first!.decode(0, as: Bool.self)
    }

    /// Bytes on disk of the ready list (`kinerja.ready`'s eight slots with their indexes): small while drained slots
    /// are being emptied, growing when they are not.
    public static func readyListBytes(on conn: Connection) throws -> Int64 {
        try conn.query(
            """
            SELECT COALESCE(sum(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c
            WHERE c.relnamespace = 'kinerja'::regnamespace AND c.relname ~ '^ready_[0-7]$'
            """
        ).first!.decode(0, as: Int64.self)
    }

    /// Resumes a paused queue and wakes the workers.
    public static func resume(queue: String, on conn: Connection) throws {
        try conn.query("SELECT kinerja.resume_queue(\(queue))")
    }

    /// One queue's figures.
    public struct QueueStats: Sendable, Codable, Equatable {
        public let queue: String
        public let paused: Bool
        /// Jobs per state.
        public let states: [String: Int64]
        /// Seconds the oldest due job has waited.
        public let oldestAvailableSeconds: Double
        public let completed: Int64
        public let failed: Int64

        enum CodingKeys: String, CodingKey {
            case queue, paused, states, completed, failed
            case oldestAvailableSeconds = "oldest_available_seconds"
        }
    }

    /// Figures for every queue that has jobs, counters or a pause.
    public static func stats(on conn: Connection) throws -> [QueueStats] {
        let rows = try conn.query(
            """
            WITH states AS (
                SELECT queue, jsonb_object_agg(state, jobs)::text AS states FROM kinerja.v_queue GROUP BY queue
            ), oldest AS (
                SELECT queue, extract(epoch FROM now() - min(run_at))::float8 AS oldest FROM kinerja.jobs
                WHERE state IN ('available', 'scheduled', 'retryable') AND run_at <= now() GROUP BY queue
            ), counters AS (
                SELECT queue, sum(completed)::bigint AS completed, sum(failed)::bigint AS failed
                FROM kinerja.v_metrics_counters GROUP BY queue
            ), names AS (
                SELECT queue FROM states UNION SELECT name FROM kinerja.queues UNION SELECT queue FROM counters
            )
            -- Each figure is aggregated once for all queues: a look-up per queue re-read the jobs per queue.
            SELECT n.queue, COALESCE(q.paused, false) AS paused, COALESCE(s.states, '{}') AS states,
                   COALESCE(o.oldest, 0) AS oldest, COALESCE(c.completed, 0) AS completed, COALESCE(c.failed, 0) AS failed
            FROM names n
            LEFT JOIN kinerja.queues q ON q.name = n.queue
            LEFT JOIN states s ON s.queue = n.queue
            LEFT JOIN oldest o ON o.queue = n.queue
            LEFT JOIN counters c ON c.queue = n.queue
            ORDER BY n.queue
            """)
        return try rows.rows.map { row in
            let states = try JSONDecoder().decode(
                [String: Int64].self, from: Data(try row.decode("states", as: String.self).utf8))
            return QueueStats(
                queue: try row.decode("queue"), paused: try row.decode("paused"), states: states,
                oldestAvailableSeconds: try row.decode("oldest"), completed: try row.decode("completed"),
                failed: try row.decode("failed"))
        }
    }
}

import Foundation
import Postgres

/// Returns jobs whose lease ran out (their worker stopped sending heartbeats: killed, hung, or cut off) to the
/// queue as retryable after the retry policy's backoff for the attempt (the attempt stays counted); to `discarded`
/// when attempts are used up; to `cancelled` when an operator asked for that. The backoff matters for a job that
/// kills its worker (out of memory on a hostile file): due at once, it would take down the next worker at once, and
/// the next.
///
/// A look reads the index of running jobs by lease expiry (sql/020) from where the last look reached, less an
/// overlap: under an old snapshot that index keeps an entry for every claim and heartbeat vacuum may not remove, and
/// a look that walked all of them cost more the longer the snapshot was open (with one snapshot held, tens of
/// milliseconds after 100 000 claims, against 0.3 ms reading on). Every `restartSeconds` a look starts from the
/// oldest expiry again.
///
/// A lease runs out only when its worker stops heartbeating, and a worker's row in `kinerja.workers` is refreshed
/// with every heartbeat: so the rescuer looks every second only while some worker row has been quiet for
/// `quietAfterSeconds` up to `quietForSeconds`, and otherwise every `fullIntervalSeconds` (for jobs no registered
/// worker holds, and leases longer than that window). The window has an end because a killed worker's row stays
/// until the pruner removes it a day later.
struct Rescuer {
    /// How often the elected process looks while a worker has gone quiet.
    static let intervalSeconds = 1.0
    /// How often it looks regardless.
    static let fullIntervalSeconds = 5.0
    /// Jobs returned per look.
    static let batch = 1000

    /// Expiries this long before where the last look reached are read again: a lease written by a transaction
    /// that began before that look and committed after it is not passed over.
    static let overlapSeconds = 10.0
    /// How often a look starts from the oldest expiry again: a safety net for a lease whose row another
    /// transaction held locked for longer than the overlap when its time came. Such a look walks every entry an old
    /// snapshot keeps (tens of milliseconds after 100 000 claims), so it is rare.
    static let restartSeconds = 600.0

    /// Where the next look starts reading expiries, as PostgreSQL prints a timestamp.
    private(set) var from = "-infinity"
    private var restartedAt = Date.distantPast

    /// $1 batch, $2 and $3 the retry policy's base and maximum, $4 the expiry to read from, $5 the overlap. Returns
    /// the number rescued and where the next look starts.
    static let rescue = """
        WITH expired AS (
            SELECT id FROM kinerja.jobs
            WHERE state = 'running' AND lease_expires_at < now() AND lease_expires_at >= $4::timestamptz
            ORDER BY lease_expires_at
            LIMIT $1
            FOR UPDATE SKIP LOCKED
        ), returned AS (
            UPDATE kinerja.jobs j
            SET state = CASE WHEN j.cancel_requested THEN 'cancelled'
                             WHEN j.attempt >= j.max_attempts THEN 'discarded' ELSE 'retryable' END,
                finished_at = CASE WHEN j.cancel_requested OR j.attempt >= j.max_attempts THEN now() END,
                -- RetryPolicy.delay in SQL: base × 2^(attempt − 1), at most the maximum, spread by ±25 %.
                run_at = now() + make_interval(secs => least($3::float8, $2::float8 * 2 ^ greatest(0, j.attempt - 1))
                                                       * (0.75 + random() * 0.5)),
                lease_token = NULL, lease_expires_at = NULL,
                errors = j.errors || jsonb_build_array(jsonb_build_object(
                    'attempt', j.attempt, 'at', now(), 'worker', j.lease_owner,
                    'error', 'lease expired: the worker stopped sending heartbeats'))
            FROM expired WHERE j.id = expired.id
            RETURNING j.id
        )
        SELECT (SELECT count(*)::int FROM returned), (now() - $5::float8 * interval '1 second')::text
        """

    /// A worker row not refreshed for this long may belong to a worker that stopped: its leases run out soon.
    static let quietAfterSeconds = 2.0
    /// Long enough for a default lease (30 s) to run out after a worker's last heartbeat, with room to spare.
    static let quietForSeconds = 120.0
    /// Whether some worker has been quiet for between `quietAfterSeconds` and `quietForSeconds`. A small table.
    static let quietWorker = """
        SELECT EXISTS (
            SELECT 1 FROM kinerja.workers
            WHERE seen_at < now() - \(quietAfterSeconds) * interval '1 second'
              AND seen_at >= now() - \(quietForSeconds) * interval '1 second'
        )
        """

    /// Returns the number of jobs rescued; `retry` spaces their next attempts. A look that filled its batch starts
    /// the next one where it started itself.
    mutating func run(retry: RetryPolicy, on conn: Connection, now: Date = Date()) throws -> Int {
        if now.timeIntervalSince(restartedAt) >= Self.restartSeconds {
            from = "-infinity"
            restartedAt = now
        }
        let row = try conn.query(
            SQL(
                unsafeSQL: Self.rescue,
                binds: [Self.batch, retry.base, retry.maximum, from, Self.overlapSeconds])
        ).first!
        let rescued = try row.decode(0, as: Int.self)
        if rescued < Self.batch { from = try row.decode(1, as: String.self) }
        return rescued
    }
}

import Foundation
import Logging
import Postgres

/// Opens a connection, retrying with exponential backoff and jitter while the server is unreachable (a restart,
/// a failover), until `shouldStop` says to give up.
enum Reconnect {
    static func connect(
        _ conninfo: String, name: String, logger: Logger, shouldStop: () -> Bool
    ) -> Connection? {
        var delay = 0.05
        while !shouldStop() {
            do {
                return try open(conninfo, name: name)
            } catch {
                logger.warning("database unreachable, retrying", metadata: ["in_s": "\(delay)", "error": "\(error)"])
                Thread.sleep(forTimeInterval: delay * Double.random(in: 0.8...1.2))
                delay = min(delay * 2, 5)
            }
        }
        return nil
    }

    /// For the connections that run the queue's own statements (the fetcher's and the finisher's): index look-ups
    /// priced as what they are here, reads of pages in memory. At the default random_page_cost (4, a spinning disk)
    /// a batch completion of 1 000 jobs hashed them against a sequential scan of every unfinished job (11.3 ms with
    /// 70 000 waiting, growing with the backlog and with the dead rows an old snapshot keeps) instead of looking each
    /// up by its id (2.0 ms). Handlers' connections keep the server's setting for their own queries.
    static let queueSettings = "SET random_page_cost = 1.1"

    /// For the fetcher's connection, which claims: the claim must walk the ready index in order and stop at its
    /// limit. Ready slots are emptied and refilled within seconds, so their statistics are always stale, and a
    /// planner that believes a slot holds a few rows sorts all of them instead. No JIT: the cost that keeps the sort
    /// out would make every claim compile itself (a second each).
    static let fetcherSettings = "SET enable_sort = off; SET jit = off"

    /// Opens one of the pool's connections. Its prepared statements are planned for each execution: the queue's
    /// tables swing from empty to a million rows within seconds (a drained `kinerja.jobs`, a truncated ready slot,
    /// then the night's burst), and a generic plan cached while one looked empty kept walking the whole table for
    /// every row joined to it. Measured with a worker idle for 10 s and then 100 000 jobs: one claim took 13.6 s (a
    /// sequential scan of `kinerja.jobs` per claimed job) and the burst ran at 3.8-13.9 k jobs/s, against 26-32 k
    /// planned each time. The claim and the batch completion, run for every batch, are the exception (`PlanOnce`):
    /// their shape reads every table by an index, so their one plan holds however empty the tables were.
    static func open(_ conninfo: String, name: String) throws -> Connection {
        let conn = try Connection(conninfo, applicationName: "kinerja \(name)")
        try prepare(conn, name: name)
        return conn
    }

    /// Sets up one of the pool's connections, its own or one opened elsewhere (the CLI's check of the settings): the
    /// application name `kinerja NAME` and planning at each execution.
    static func prepare(_ conn: Connection, name: String) throws {
        try conn.execute(
            SQL(
                unsafeSQL: """
                    SELECT set_config('application_name', $1, false),
                           set_config('plan_cache_mode', 'force_custom_plan', false)
                    """, binds: ["kinerja \(name)"]))
    }
}

import ArgumentParser
import Foundation
import JobQueue
import Postgres

struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Health checks; exits 1 when something needs a person.",
        discussion: """
            Checks: LISTEN/NOTIFY self-test, migrations, paused queues, age of the oldest due job per queue, jobs \
            running past their lease, jobs running without a live worker able to run them, dead tuples and last autovacuum of the hot tables, and the oldest transaction \
            holding back vacuum.
            """)

    @Option(name: .customLong("max-wait-seconds"), help: "A due job older than this needs a person.")
    var maxWaitSeconds: Double = 600
    @Option(name: .customLong("max-transaction-seconds"), help: "A transaction open longer than this needs a person.")
    var maxTransactionSeconds: Double = 300
    @Flag(help: "One JSON document.") var json = false
    @OptionGroup var database: DatabaseOptions

    struct Check: Encodable {
        enum Status: String, Encodable { case ok, warn, fail }
        let name: String
        let status: Status
        let detail: String
    }

    func run() throws {
        let info = try database.conninfo()
        let conn = try database.connect(info)
        var checks: [Check] = []
        checks.append(listenSelfTest(info))
        checks.append(
            contentsOf: try DoctorChecks(conn: conn).all(maxWait: maxWaitSeconds, maxTransaction: maxTransactionSeconds)
        )
        if json {
            try Terminal.json(["checks": checks])
        } else {
            let width = (checks.map(\.name.count).max() ?? 0) + 2
            for c in checks {
                let tone: Terminal.Tone = c.status == .ok ? .good : c.status == .warn ? .warn : .bad
                print(
                    Terminal.paint(
                        c.status.rawValue.uppercased().padding(toLength: 5, withPad: " ", startingAt: 0), tone)
                        + c.name.padding(toLength: width, withPad: " ", startingAt: 0) + c.detail)
            }
        }
        if checks.contains(where: { $0.status == .fail }) { throw ExitCode(1) }
    }

    /// A NOTIFY from one session must reach a LISTEN in another within two seconds.
    private func listenSelfTest(_ info: String) -> Check {
        do {
            let listener = try Connection(info)
            let sender = try Connection(info)
            let channel = "kinerja_doctor_\(getpid())"
            try listener.listen(channel)
            let start = Date()
            try sender.query("SELECT pg_notify(\(channel), 'ping')")
            let got = try listener.waitForNotifications(timeout: 2)
            guard got.contains(where: { $0.payload == "ping" }) else {
                return Check(name: "listen/notify", status: .fail, detail: "no notification within 2 s")
            }
            return Check(
                name: "listen/notify", status: .ok,
                detail: String(format: "round trip %.1f ms", Date().timeIntervalSince(start) * 1000))
        } catch {
            return Check(name: "listen/notify", status: .fail, detail: String(describing: error))
        }
    }
}

/// The database checks of `kinerja doctor`.
struct DoctorChecks {
    let conn: Connection

    func all(maxWait: Double, maxTransaction: Double) throws -> [Doctor.Check] {
        var checks = [try migrations()]
        let stats = try QueueAdmin.stats(on: conn)
        let paused = stats.filter(\.paused).map(\.queue)
        checks.append(
            Doctor.Check(
                name: "paused queues", status: paused.isEmpty ? .ok : .warn,
                detail: paused.isEmpty ? "none" : "paused: " + paused.joined(separator: ", ")))
        let waiting = stats.filter { $0.oldestAvailableSeconds > 0 }
        let late = waiting.filter { $0.oldestAvailableSeconds > maxWait }
        checks.append(
            Doctor.Check(
                name: "oldest due job", status: late.isEmpty ? .ok : .fail,
                detail: waiting.isEmpty ? "no job waiting" : Self.longestWaits(late.isEmpty ? waiting : late)))
        checks.append(try expiredLeases())
        checks.append(try orphanedJobs())
        checks.append(contentsOf: try vacuum())
        checks.append(try oldestTransaction(maxTransaction))
        checks.append(try oldestSnapshot(maxTransaction))
        checks.append(try jobHistory())
        return checks
    }

    private func migrations() throws -> Doctor.Check {
        let status = try Migrator(directory: ProjectFiles.sqlDirectory).status(conn)
        if let edited = status.first(where: \.edited) {
            return Doctor.Check(
                name: "migrations", status: .fail, detail: "\(edited.name) was edited after it was applied")
        }
        let pending = status.filter { !$0.applied }.map(\.name)
        return pending.isEmpty
            ? Doctor.Check(name: "migrations", status: .ok, detail: "\(status.count) applied")
            : Doctor.Check(name: "migrations", status: .fail, detail: "pending: " + pending.joined(separator: ", "))
    }

    private func expiredLeases() throws -> Doctor.Check {
        let row = try conn.query(
            """
            SELECT count(*)::int, COALESCE(max(extract(epoch FROM now() - lease_expires_at)), 0)::float8
            FROM kinerja.jobs WHERE state = 'running' AND lease_expires_at < now()
            """
        ).first!
        let count = try row.decode(0, as: Int.self)
        let worst = try row.decode(1, as: Double.self)
        // The rescuer of any running worker returns these within seconds; a minute means no worker runs.
        let status: Doctor.Check.Status = count == 0 ? .ok : worst > 60 ? .fail : .warn
        return Doctor.Check(
            name: "expired leases", status: status,
            detail: count == 0
                ? "none" : String(format: "%d job(s) past their lease, the oldest by %.0f s", count, worst))
    }

    /// Running jobs whose worker is gone (killed before its lease ran out) or has no thread with a connection.
    private func orphanedJobs() throws -> Doctor.Check {
        let orphans = try WorkerRegistry.orphans(on: conn)
        guard !orphans.isEmpty else {
            return Doctor.Check(name: "running jobs", status: .ok, detail: "every one has a live worker")
        }
        let shown = orphans.prefix(5).map { o in
            "\(o.jobID) (\(o.owner ?? "?"): " + (o.workerAlive ? "no thread with a connection" : "worker not alive")
                + ")"
        }
        return Doctor.Check(
            name: "running jobs", status: .fail,
            detail: "\(orphans.count) without a live worker able to run them: " + shown.joined(separator: ", "))
    }

    /// The five queues waiting longest, and how many more: a terminal line, not a page.
    static func longestWaits(_ stats: [QueueAdmin.QueueStats]) -> String {
        let sorted = stats.sorted { $0.oldestAvailableSeconds > $1.oldestAvailableSeconds }
        let shown = sorted.prefix(5).map { String(format: "%@ %.0f s", $0.queue, $0.oldestAvailableSeconds) }
        return shown.joined(separator: ", ") + (sorted.count > 5 ? " and \(sorted.count - 5) more queues" : "")
    }

    private func vacuum() throws -> [Doctor.Check] {
        try conn.query(
            """
            SELECT relname, n_live_tup, n_dead_tup,
                   COALESCE(extract(epoch FROM now() - greatest(last_autovacuum, last_vacuum))::float8, -1)
            FROM pg_stat_user_tables
            WHERE schemaname = 'kinerja' AND relname IN ('jobs', 'upload_chunks', 'anggaran_baris')
            ORDER BY relname
            """
        ).rows.map { row in
            let name: String = try row.decode(0)
            let live: Int64 = try row.decode(1)
            let dead: Int64 = try row.decode(2)
            let age: Double = try row.decode(3)
            let ratio = live + dead > 0 ? Double(dead) / Double(live + dead) : 0
            let last = age < 0 ? "never vacuumed" : String(format: "last vacuum %.0f s ago", age)
            return Doctor.Check(
                name: "bloat \(name)", status: ratio > 0.5 && dead > 10_000 ? .warn : .ok,
                detail: String(format: "%lld live, %lld dead (%.0f%%), ", live, dead, ratio * 100) + last)
        }
    }

    /// The oldest open transaction holds back vacuum on every table; the query text is not shown (it may hold data).
    private func oldestTransaction(_ limit: Double) throws -> Doctor.Check {
        guard
            let row = try conn.query(
                """
                SELECT pid, usename, application_name, state, extract(epoch FROM now() - xact_start)::float8,
                       age(backend_xmin)
                FROM pg_stat_activity
                WHERE xact_start IS NOT NULL AND pid <> pg_backend_pid() AND backend_type = 'client backend'
                ORDER BY xact_start LIMIT 1
                """
            ).first
        else {
            return Doctor.Check(name: "oldest transaction", status: .ok, detail: "none open")
        }
        let seconds: Double = try row.decode(4)
        let detail = String(
            format: "pid %d (%@, %@, %@) open %.0f s, holding back %@ transactions", try row.decode(0, as: Int.self),
            try row.decode(1, as: String?.self) ?? "?", try row.decode(2, as: String?.self) ?? "?",
            try row.decode(3, as: String?.self) ?? "?", seconds, try row.decode(5, as: String?.self) ?? "0")
        return Doctor.Check(name: "oldest transaction", status: seconds > limit ? .fail : .ok, detail: detail)
    }
}

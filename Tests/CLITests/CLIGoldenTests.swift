import Foundation
import JobQueue
import Postgres
import TestSupport
import Testing

@Suite("The kinerja binary: help, listings, JSON shape, exit codes")
struct CLIGoldenTests {
    let cli: CLIRunner

    init() throws { cli = CLIRunner(url: try TestDatabase.url()) }

    @Test("the root help lists the command surface of docs/contracts/cli.md")
    func rootHelp() throws {
        let out = try cli.run(["--help"])
        #expect(out.status == 0)
        let golden = try String(
            contentsOf: TestDatabase.packageRoot.appendingPathComponent("Tests/CLITests/Golden/help.txt"),
            encoding: .utf8)
        #expect(out.stdout == golden)
    }

    @Test("every documented subcommand answers --help")
    func subcommandHelp() throws {
        let commands = [
            ["db", "start"], ["db", "stop"], ["db", "status"], ["db", "migrate"], ["enqueue", "recompute-capaian"],
            ["enqueue", "noop"], ["worker"], ["jobs", "list"], ["jobs", "show"], ["jobs", "retry"], ["jobs", "cancel"],
            ["jobs", "watch"], ["queue", "stats"], ["queue", "pause"], ["queue", "resume"], ["schedule", "list"],
            ["schedule", "add"], ["schedule", "remove"], ["doctor"], ["bench", "queue"], ["bench", "import"],
            ["bench", "recompute"], ["demo"], ["enqueue", "import-rka"], ["enqueue", "import-kinerja"],
            ["enqueue", "produce-report"], ["enqueue", "import-narasi"], ["reports", "list"], ["reports", "get"],
        ]
        for command in commands {
            let out = try cli.run(command + ["--help"])
            #expect(out.status == 0, "\(command)")
            #expect(out.stdout.contains("USAGE: kinerja \(command.joined(separator: " "))"), "\(command)")
        }
        let enqueue = try cli.run(["enqueue", "noop", "--help"]).stdout
        for option in ["--priority", "--run-at", "--unique-key", "--wait", "--json", "--count", "--sleep-ms"] {
            #expect(enqueue.contains(option), "\(option)")
        }
    }

    @Test("usage and input errors exit 2 with the error on stderr")
    func usageErrors() throws {
        for args in [
            ["enqueue", "nope"], ["jobs", "list", "--state", "done"], ["enqueue", "noop", "--count", "0"],
            ["enqueue", "noop", "--run-at", "tomorrow"], ["jobs", "show", "999999999999"],
            ["enqueue", "import-rka", "x.csv", "--versi", "apbd-p"], ["enqueue", "noop", "--max-attempts", "26"],
            ["enqueue", "produce-report", "--tahun", "2020", "--opd", "1", "--format", "pdf"],
        ] {
            let out = try cli.run(args)
            #expect(out.status == 2, "\(args): \(out.stderr)")
            #expect(out.stdout.isEmpty, "\(args)")
            #expect(out.stderr.hasPrefix("error: "), "one prefix for every error: \(args): \(out.stderr)")
        }
        let typo = try cli.run(["schedule", "add", "n", "0 1 * * *", "--", "recompute-capaiann", "--tahun", "2026"])
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("no job kind \"recompute-capaiann\"; one of"), "\(typo.stderr)")
        // A typed option names the values it takes.
        let state = try cli.run(["jobs", "list", "--state", "done"]).stderr
        #expect(state.contains("- available") && state.contains("- discarded"), "\(state)")
    }

    @Test("an OPD code the database does not know: a warning and the job, or with --strict exit 2 and no job")
    func unknownOPD() throws {
        let kode = TestDatabase.uniqueName("opd-typo")
        let queue = TestDatabase.uniqueName("opdq")
        let warned = try cli.run(["enqueue", "produce-report", "--tahun", "2020", "--opd", kode, "--queue", queue])
        #expect(warned.status == 0, "\(warned.stderr)")
        #expect(warned.stderr.contains("warning: OPD \(kode) belum ada di basis data"), "\(warned.stderr)")
        let refused = try cli.run([
            "enqueue", "produce-report", "--tahun", "2020", "--opd", kode, "--queue", queue, "--strict",
        ])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("error: OPD \(kode) belum ada di basis data"), "\(refused.stderr)")
        let conn = try Connection(try TestDatabase.url())
        #expect(try jobStates(queue: queue, on: conn) == [.available: 1])
    }

    @Test("a coloured table lines up: colour codes take no room; no colour without a terminal")
    func colouredTableAligns() throws {
        let queue = TestDatabase.uniqueName("colour")
        _ = try cli.run(["enqueue", "noop", "--queue", queue, "--count", "2"])
        let coloured = try cli.run(
            ["jobs", "list", "--queue", queue], environment: ["NO_COLOR": "", "CLICOLOR_FORCE": "1"]
        ).stdout
        #expect(coloured.contains("\u{1B}["), "CLICOLOR_FORCE colours the table")
        let plain = coloured.replacing(/\x{1B}\[[0-9;]*m/, with: "")
        let lines = plain.split(separator: "\n").map(String.init)
        let column = try #require(lines.first?.range(of: "ATTEMPT")).lowerBound.utf16Offset(in: lines[0])
        for line in lines.dropFirst() {
            #expect(line.utf16.count > column && line.dropFirst(column).first?.isNumber == true, "\(plain)")
        }
        #expect(!(try cli.run(["jobs", "list", "--queue", queue]).stdout.contains("\u{1B}[")))
    }

    @Test("a database never migrated: every command says to run `kinerja db migrate` and exits 2; migrate works")
    func unmigrated() throws {
        let scratch = try ScratchDatabase("blank")
        defer { scratch.drop() }
        for args in [["jobs", "list"], ["enqueue", "noop"], ["queue", "stats"], ["worker"], ["doctor"]] {
            let out = try cli.run(args + ["--database-url", scratch.url])
            #expect(out.status == 2, "\(args): \(out.stderr)")
            #expect(
                out.stderr.contains("has no Kinerja tables yet: run `kinerja db migrate`"), "\(args): \(out.stderr)")
        }
        let migrate = try cli.run(["db", "migrate", "--database-url", scratch.url])
        #expect(migrate.status == 0, "\(migrate.stderr)")
        #expect(try cli.run(["jobs", "list", "--database-url", scratch.url]).status == 0)
    }

    @Test("a password in the database URL is never printed, also when the connection fails")
    func secretsStayOut() throws {
        let secret = "sangat-rahasia-42"
        let bad = "postgresql://kinerja:\(secret)@127.0.0.1:1/kinerja?connect_timeout=2"
        for args in [["jobs", "list"], ["doctor"], ["queue", "stats"], ["enqueue", "noop"]] {
            let out = try cli.run(args + ["--database-url", bad])
            #expect(out.status != 0, "\(args)")
            #expect(!out.stdout.contains(secret) && !out.stderr.contains(secret), "\(args): \(out.stderr)")
            #expect(out.stderr.contains("kinerja@127.0.0.1:1/kinerja"), "\(args): \(out.stderr)")
        }
    }

    @Test("a URL that does not parse (a stray % in the password) shows no part of it and exits 2 at once, worker too")
    func malformedURL() throws {
        let bad = "postgresql://kinerja:rah%ZZsia-77@127.0.0.1:1/kinerja"
        for args in [["jobs", "list"], ["enqueue", "noop"], ["worker", "--exit-when-idle"]] {
            let started = Date()
            let out = try cli.run(args + ["--database-url", bad])
            #expect(out.status == 2, "\(args): \(out.stderr)")
            for part in ["rah", "%ZZ", "sia-77"] {
                #expect(!out.stdout.contains(part) && !out.stderr.contains(part), "\(args): \(out.stderr)")
            }
            #expect(out.stderr.contains("does not parse"), "\(args): \(out.stderr)")
            #expect(Date().timeIntervalSince(started) < 10, "\(args) should not retry")
        }
    }

    @Test("enqueue --json has the contract fields; a listing and show find the job; cancel and retry")
    func jsonShapeAndLifecycle() throws {
        let queue = TestDatabase.uniqueName("cli")
        // Within the year a producer may schedule ahead (kinerja.check_job).
        let runAt = ISO8601DateFormatter().string(from: Date().addingTimeInterval(30 * 86400))
        let out = try cli.run(["enqueue", "noop", "--queue", queue, "--run-at", runAt, "--json"])
        #expect(out.status == 0, "\(out.stderr)")
        let job = try #require(try CLIRunner.json(out.stdout) as? [String: Any])
        for field in [
            "id", "kind", "queue", "state", "priority", "attempt", "max_attempts", "args", "run_at",
            "created_at", "attempted_at", "finished_at", "errors", "result", "progress",
        ] {
            #expect(job.keys.contains(field), "\(field)")
        }
        #expect((job["state"] as? String).flatMap(JobState.init(rawValue:)) == .scheduled)
        let id = try #require(job["id"] as? Int)

        let list =
            try CLIRunner.json(try cli.run(["jobs", "list", "--queue", queue, "--json"]).stdout) as? [[String: Any]]
        #expect(list?.map { $0["id"] as? Int } == [id])
        let table = try cli.run(["jobs", "list", "--queue", queue]).stdout
        #expect(table.hasPrefix("ID") && table.contains("KIND") && table.contains("STATE"))
        #expect(table.contains("scheduled"))
        let show = try cli.run(["jobs", "show", String(id)])
        #expect(show.status == 0)
        #expect(show.stdout.contains("state            scheduled"))
        #expect(show.stdout.contains("errors           none"))

        let cancel = try cli.run(["jobs", "cancel", String(id)])
        #expect(cancel.status == 0 && cancel.stdout == "\(id) cancelled\n")
        #expect(try cli.run(["jobs", "cancel", String(id)]).status == 1)
        let retry = try cli.run(["jobs", "retry", "--state", "cancelled", "--queue", queue, "--json"])
        #expect((try CLIRunner.json(retry.stdout) as? [String: [Int]])?["retried"] == [id])
    }

    @Test("enqueue --wait follows a job to the end and worker --exit-when-idle drains a queue")
    func waitAndWorker() throws {
        let queue = TestDatabase.uniqueName("cliwait")
        let enqueued = try cli.run(["enqueue", "noop", "--queue", queue, "--count", "20", "--sleep-ms", "5"])
        #expect(enqueued.stdout.split(separator: "\n").count == 20)
        let worker = try cli.run(["worker", "--queues", queue, "--exit-when-idle", "--concurrency", "3"])
        #expect(worker.status == 0, "\(worker.stderr)")
        let stats = try #require(
            try CLIRunner.json(try cli.run(["queue", "stats", "--json"]).stdout) as? [[String: Any]])
        let mine = try #require(stats.first { $0["queue"] as? String == queue })
        #expect((mine["states"] as? [String: Int])?[JobState.completed.rawValue] == 20)

        let process = try cli.start(["worker", "--queues", queue])
        defer { process.terminate() }
        let waited = try cli.run(["enqueue", "noop", "--queue", queue, "--wait", "--json"])
        #expect(waited.status == 0, "\(waited.stderr)")
        let done = try #require(try CLIRunner.json(waited.stdout) as? [String: Any])
        #expect((done["state"] as? String).flatMap(JobState.init(rawValue:)) == .completed)
    }

    @Test("doctor names a paused queue and passes; schedules can be added, listed and removed")
    func doctorAndSchedules() throws {
        let queue = TestDatabase.uniqueName("paused")
        let typo = try cli.run(["queue", "pause", queue])
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("no queue \(queue) has been used") && typo.stderr.contains("--create"))
        #expect(try cli.run(["queue", "pause", queue, "--create"]).status == 0)
        let missing = try cli.run(["jobs", "cancel", "999999999999"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no job 999999999999"))
        let doctor = try cli.run(["doctor"])
        #expect(doctor.stdout.contains("paused: ") && doctor.stdout.contains(queue))
        #expect(try cli.run(["queue", "resume", queue]).status == 0)
        let name = TestDatabase.uniqueName("nightly")
        let add = try cli.run(["schedule", "add", name, "0 1 * * *", "--", "recompute-capaian", "--tahun", "2020"])
        #expect(add.status == 0, "\(add.stderr)")
        #expect(try cli.run(["schedule", "list"]).stdout.contains(name))
        #expect(try cli.run(["schedule", "add", name, "61 * * * *", "--", "noop"]).status == 2)
        #expect(try cli.run(["schedule", "remove", name]).status == 0)
        #expect(try cli.run(["schedule", "remove", name]).status == 2)
    }
}

import ArgumentParser
import Foundation
import Handlers
import ImportParsing
import JobQueue
import Postgres

struct Jobs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs",
        abstract: "Look at and steer jobs.", subcommands: [List.self, Show.self, Retry.self, Cancel.self, Watch.self])

    struct Filters: ParsableArguments {
        @Option(help: "State.") var state: JobState?
        @Option(help: "Job kind.") var kind: String?
        @Option(help: "Queue.") var queue: String?

        func filter(limit: Int) -> QueueAdmin.Filter {
            QueueAdmin.Filter(states: state.map { [$0] }, kind: kind, queue: queue, limit: limit)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List jobs, newest first.")
        @OptionGroup var filters: Filters
        @Option(help: "At most this many.") var limit: Int = 50
        @Flag(help: "One JSON document.") var json = false
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let jobs = try QueueAdmin.list(filters.filter(limit: limit), on: try database.connect())
            if json { return try Terminal.json(jobs) }
            Jobs.printTable(jobs)
        }
    }

    static func printTable(_ jobs: [JobRecord]) {
        Terminal.table(
            ["ID", "KIND", "QUEUE", "STATE", "ATTEMPT", "PROGRESS", "CREATED", "FINISHED"],
            jobs.map { j in
                [
                    String(j.id), VisibleText.escaped(j.kind), VisibleText.escaped(j.queue),
                    Terminal.paint(j.state.rawValue, Terminal.tone(forState: j.state)),
                    "\(j.attempt)/\(j.maxAttempts)", progress(j), Terminal.time(j.createdAt),
                    Terminal.time(j.finishedAt),
                ]
            })
    }

    static func progress(_ j: JobRecord) -> String {
        guard let done = j.progress.done else { return "-" }
        return j.progress.total.map { "\(done)/\($0)" } ?? String(done)
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "One job: args, every attempt's error, progress, result, lease holder and timings.")
        @Argument(help: "Job id.") var id: Int64
        @Flag(help: "One JSON document.") var json = false
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            guard let job = try QueueAdmin.job(id, on: try database.connect()) else {
                throw CLIError.usage("no job \(id)")
            }
            if json { return try Terminal.json(job) }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            func text(_ value: JSONValue?) -> String {
                value.flatMap { try? encoder.encode($0) }.map { String(decoding: $0, as: UTF8.self) } ?? "-"
            }
            let rows: [(String, String)] = [
                ("id", String(job.id)), ("kind", job.kind), ("queue", job.queue),
                ("state", Terminal.paint(job.state.rawValue, Terminal.tone(forState: job.state))),
                ("priority", String(job.priority)), ("attempt", "\(job.attempt) of \(job.maxAttempts)"),
                ("args", text(job.args)), ("progress", Jobs.progress(job)), ("result", text(job.result)),
                ("unique key", job.uniqueKey ?? "-"), ("lease holder", job.leaseOwner ?? "-"),
                ("lease expires", Terminal.time(job.leaseExpiresAt)), ("run at", Terminal.time(job.runAt)),
                ("created", Terminal.time(job.createdAt)), ("attempted", Terminal.time(job.attemptedAt)),
                ("finished", Terminal.time(job.finishedAt)),
                ("cancel requested", job.cancelRequested ? "yes" : "no"),
            ]
            // Values quote what producers and files wrote: control characters are shown escaped (the state is
            // painted by us, after escaping).
            for (k, v) in rows {
                let shown = k == "state" ? v : VisibleText.escaped(v)
                print(k.padding(toLength: 17, withPad: " ", startingAt: 0) + shown)
            }
            let errors = job.errors.elements
            print("errors".padding(toLength: 17, withPad: " ", startingAt: 0) + (errors.isEmpty ? "none" : ""))
            for e in errors {
                let attempt = text(e["attempt"])
                print("  attempt \(attempt) at \(e["at"]?.stringValue ?? "?") by \(e["worker"]?.stringValue ?? "?"):")
                print("    " + VisibleText.escaped(e["error"]?.stringValue ?? "?", keepLineBreaks: true))
            }
        }
    }

    struct Retry: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retry",
            abstract: "Make discarded, cancelled or retryable jobs available again now: by id, or in bulk by filter.")
        @Argument(help: "Job ids.") var ids: [Int64] = []
        @OptionGroup var filters: Filters
        @Flag(help: "One JSON document.") var json = false
        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            if ids.isEmpty && filters.state == nil && filters.kind == nil && filters.queue == nil {
                throw ValidationError("give job ids, or --state/--kind/--queue for a bulk retry")
            }
        }

        func run() throws {
            let conn = try database.connect()
            let retried =
                ids.isEmpty
                ? try QueueAdmin.retry(matching: filters.filter(limit: 0), on: conn)
                : try QueueAdmin.retry(ids: ids, on: conn)
            if json { return try Terminal.json(["retried": retried]) }
            print(
                "retried \(retried.count) job(s)"
                    + (retried.isEmpty ? "" : ": " + retried.map(String.init).joined(separator: " ")))
            if !ids.isEmpty && retried.count < ids.count { throw ExitCode(1) }
        }
    }

    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cancel",
            abstract: "Cancel jobs: waiting ones at once, running ones through their handler's cancellation flag.")
        @Argument(help: "Job ids.") var ids: [Int64]
        @Flag(help: "One JSON document.") var json = false
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let conn = try database.connect()
            let outcome = try QueueAdmin.cancel(ids: ids, on: conn)
            if json {
                return try Terminal.json(Dictionary(uniqueKeysWithValues: outcome.map { (String($0.key), $0.value) }))
            }
            for id in ids {
                // Finished jobs and ids that name no job both come back not cancellable; say which.
                if outcome[id] == .notCancellable, try QueueAdmin.job(id, on: conn) == nil {
                    Terminal.error("no job \(id)")
                } else {
                    print("\(id) \(outcome[id]!.rawValue)")
                }
            }
            if outcome.values.contains(.notCancellable) { throw ExitCode(1) }
        }
    }

    struct Watch: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "watch",
            abstract: "Refresh queue figures and recent jobs in place; Ctrl-C exits.")
        @Option(help: "Seconds between refreshes.") var interval: Double = 1
        @OptionGroup var filters: Filters
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let conn = try database.connect()
            signal(SIGINT) { _ in
                // Leave the screen tidy: show the cursor again.
                _ = write(STDOUT_FILENO, "\u{1B}[?25h\n", 7)
                _exit(0)
            }
            if Terminal.stdoutIsTTY { print("\u{1B}[?25l", terminator: "") }
            while true {
                let stats = try QueueAdmin.stats(on: conn)
                let jobs = try QueueAdmin.list(filters.filter(limit: 15), on: conn)
                if Terminal.stdoutIsTTY { print("\u{1B}[H\u{1B}[2J", terminator: "") }
                print("kinerja jobs watch — \(Terminal.time(Date())) (Ctrl-C to exit)\n")
                Queue.printStats(stats)
                print("")
                Jobs.printTable(jobs)
                Thread.sleep(forTimeInterval: interval)
            }
        }
    }
}

import ArgumentParser
import Foundation
import JobQueue

struct Queue: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "Queue figures, pause and resume.", subcommands: [Stats.self, Pause.self, Resume.self])

    static func printStats(_ stats: [QueueAdmin.QueueStats]) {
        let shown = JobState.allCases.map(\.rawValue)
        Terminal.table(
            ["QUEUE", "PAUSED"] + shown.map { $0.uppercased() } + ["OLDEST DUE", "DONE", "FAILED"],
            stats.map { s in
                [s.queue, s.paused ? Terminal.paint("paused", .warn) : "no"]
                    + shown.map { String(s.states[$0] ?? 0) }
                    + [String(format: "%.1f s", s.oldestAvailableSeconds), String(s.completed), String(s.failed)]
            })
    }

    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stats", abstract: "Jobs per queue and state, oldest wait, counters.")
        @Flag(help: "One JSON document.") var json = false
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let stats = try QueueAdmin.stats(on: try database.connect())
            if json { return try Terminal.json(stats) }
            Queue.printStats(stats)
        }
    }

    struct Pause: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pause", abstract: "Stop workers claiming from a queue.")
        @Argument(help: "Queue.") var queue: String
        @Flag(help: "Pause a queue nobody has used yet (no job, no worker names it).") var create = false
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let conn = try database.connect()
            let known = try QueueAdmin.isKnown(queue: queue, on: conn)
            guard create || known else {
                throw CLIError.usage(
                    "no queue \(queue) has been used (no job, no worker names it); to pause it before its first job: "
                        + "kinerja queue pause \(queue) --create")
            }
            try QueueAdmin.pause(queue: queue, on: conn)
            print("paused \(queue)")
        }
    }

    struct Resume: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "resume", abstract: "Let workers claim from a paused queue again.")
        @Argument(help: "Queue.") var queue: String
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            try QueueAdmin.resume(queue: queue, on: try database.connect())
            print("resumed \(queue)")
        }
    }
}

import ArgumentParser
import Foundation
import JobQueue

struct Schedule: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Periodic jobs: cron schedules kept in the database, fired once per tick across all workers.",
        subcommands: [List.self, Add.self, Remove.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "The schedules.")
        @Flag(help: "One JSON document.") var json = false
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let schedules = try Scheduler.schedules(on: try database.connect())
            if json { return try Terminal.json(schedules) }
            Terminal.table(
                ["NAME", "CRON", "TIME ZONE", "KIND", "QUEUE", "ARGS", "CATCH UP", "LAST TICK"],
                schedules.map {
                    [
                        $0.name, $0.cron, $0.timezone, $0.kind, $0.queue, $0.args, $0.catchUp.rawValue,
                        Terminal.time($0.lastTick),
                    ]
                })
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add or replace a schedule.",
            discussion: """
                Example: kinerja schedule add nightly-2026 "0 1 * * *" -- recompute-capaian --tahun 2026
                The words after -- are those of `kinerja enqueue` (recompute-capaian, produce-report, noop).
                """)
        @Argument(help: "Schedule name.") var name: String
        @Argument(help: "Cron expression (five fields, or @daily, @hourly, ...).") var cron: String
        @Option(help: "Time zone of the cron expression.") var timezone: String = "Asia/Jakarta"
        @Option(
            name: .customLong("catch-up"),
            help: "A tick missed while no worker ran: once (fire it when a worker is back) or skip (log it).")
        var catchUp: Scheduler.CatchUp = .once
        @Argument(parsing: .postTerminator, help: "The enqueue subcommand and its options.") var enqueue: [String] = []
        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            if enqueue.isEmpty {
                throw ValidationError("give the job after --, e.g. -- recompute-capaian --tahun 2026")
            }
            do { _ = try CronExpression(cron) } catch { throw ValidationError(String(describing: error)) }
        }

        func run() throws {
            // A mistyped kind would otherwise be blamed on the first option after it.
            let kinds = Enqueue.configuration.subcommands.map { $0._commandName }
            guard kinds.contains(enqueue[0]) else {
                throw CLIError.usage(
                    "the job after --: no job kind \"\(enqueue[0])\"; one of " + kinds.joined(separator: ", "))
            }
            let parsed: ParsableCommand
            do {
                parsed = try Enqueue.parseAsRoot(enqueue)
            } catch {
                throw CLIError.usage("the job after --: \(Enqueue.message(for: error))")
            }
            guard let builder = parsed as? JobBuilding else {
                throw CLIError.usage("\(enqueue[0]) cannot be scheduled (file imports need a file at enqueue time)")
            }
            let conn = try database.connect()
            let job = try builder.buildJob(on: conn)
            do {
                try Scheduler.upsert(name: name, cron: cron, timezone: timezone, catchUp: catchUp, job: job, on: conn)
            } catch let error as CronError {
                throw CLIError.usage(error.description)
            }
            print("scheduled \(name): \(cron) (\(timezone)) → \(job.kind)")
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a schedule.")
        @Argument(help: "Schedule name.") var name: String
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            guard try Scheduler.remove(name: name, on: try database.connect()) else {
                throw CLIError.usage("no schedule named \(name)")
            }
            print("removed \(name)")
        }
    }
}

extension Scheduler.CatchUp: ExpressibleByArgument {}

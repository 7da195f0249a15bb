import ArgumentParser
import Foundation
import Postgres

/// `kinerja`: LKIP figures from finance exports and performance data, with PostgreSQL as store and queue.
///
/// Every command's configuration names it (`commandName`). Without a name, ArgumentParser derives one from the
/// type's name through `String(describing:)` for each command of the tree on every start, and each of those scans
/// every protocol conformance of every loaded library: 92 M instructions for a worker's start on an empty queue,
/// 57 M with the names (`ops/bench-start.sh`).
@main
struct KinerjaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kinerja",
        abstract: "LKIP figures from finance exports and performance data, with PostgreSQL as store and job queue.",
        discussion: """
            The database: --database-url, else KINERJA_DATABASE_URL, else libpq's PG* variables, else the local \
            cluster of `kinerja db start`. Exit codes: 0 done, 1 a job or check failed, 2 usage or input error.
            """,
        subcommands: [
            Demo.self, Db.self, Enqueue.self, Worker.self, Jobs.self, Queue.self, Schedule.self, Reports.self,
            Doctor.self, Bench.self,
        ])

    /// Maps errors to the exit codes operators script against: 2 for usage and input errors, 1 otherwise.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            if error is CLIError {
                Terminal.error(String(describing: error))
            } else {
                // One prefix for every error: ArgumentParser's own messages start with "Error: ".
                var message = fullMessage(for: error)
                if message.hasPrefix("Error: ") { message.removeFirst("Error: ".count) }
                Terminal.error(message)
            }
            // 22023: a value the database's checks refuse (kinerja.check_job: priority, attempts, run-at, queue name).
            let usage =
                code == .validationFailure || (error as? CLIError)?.isUsage == true
                || (error as? PostgresError)?.sqlState == "22023"
            Foundation.exit(usage ? 2 : 1)
        }
    }
}

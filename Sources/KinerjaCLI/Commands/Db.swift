import ArgumentParser
import Foundation
import LocalPostgres
import Postgres

struct Db: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "The local PostgreSQL cluster and migrations.",
        subcommands: [Start.self, Stop.self, Status.self, Migrate.self])

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "start",
            abstract:
                "Initialise and start a private cluster under $KINERJA_HOME (default ~/.local/share/kinerja); print its URL."
        )

        func run() throws {
            let cluster = LocalCluster.fromEnvironment()
            print(try cluster.start())
        }
    }

    struct Stop: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "stop", abstract: "Stop the local cluster.")

        func run() throws {
            try LocalCluster.fromEnvironment().stop()
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Say whether the local cluster runs, and its URL. Exits 1 when it does not run.")

        func run() throws {
            let cluster = LocalCluster.fromEnvironment()
            guard cluster.isRunning() else {
                print("stopped (\(cluster.home.path))")
                throw ExitCode(1)
            }
            print("running \(try cluster.url())")
        }
    }

    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "migrate",
            abstract: "Apply the sql/ migrations in order; idempotent, checksummed, safe to run from many processes.")

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let conn = try database.connect(requireSchema: false)
            let applied = try Migrator(directory: ProjectFiles.sqlDirectory).migrate(conn)
            print(applied.isEmpty ? "up to date" : applied.map { "applied \($0)" }.joined(separator: "\n"))
        }
    }
}

import ArgumentParser
import Foundation
import Handlers
import JobQueue
import Postgres
import Producers

struct Enqueue: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enqueue",
        abstract: "Put a job in the queue.",
        subcommands: [
            ImportRKA.self, ImportKinerja.self, ImportNarasi.self, RecomputeCapaian.self, ProduceReport.self, Noop.self,
        ])

    struct RecomputeCapaian: ParsableCommand, JobBuilding {
        static let configuration = CommandConfiguration(
            commandName: "recompute-capaian",
            abstract:
                "Recompute capaian, absorption and findings for a year (one OPD, or all and the government's own).")

        @Option(help: "Year.") var tahun: Int
        @Option(name: .customLong("opd"), help: "OPD code; all OPDs when absent.") var kodeOPD: String?
        @Option(help: "Government (kode_pemda or name); the database's only one when absent.") var pemda: String?
        @OptionGroup var options: EnqueueOptions
        @OptionGroup var database: DatabaseOptions

        func buildJob(on conn: Connection) throws -> NewJob {
            options.apply(
                to: try RecomputeArgs(tahun: tahun, kodeOPD: kodeOPD, pemdaID: PemdaOption.resolve(pemda, on: conn))
                    .job())
        }

        func run() throws {
            let conn = try database.connect()
            try options.checkOPD(kodeOPD, pemdaID: try PemdaOption.resolve(pemda, on: conn), on: conn)
            let job = try buildJob(on: conn)
            let result = try Producer.submit(job, on: conn)[0]
            try JobWaiter.report(ids: [result.id], existing: result.existing, options: options, conn: conn)
        }
    }

    struct Noop: ParsableCommand, JobBuilding {
        static let configuration = CommandConfiguration(
            commandName: "noop", abstract: "Jobs that do nothing, to smoke-test workers.")

        @Option(help: "How many.") var count: Int = 1
        @Option(name: .customLong("sleep-ms"), help: "Each sleeps this long.") var sleepMs: Int?
        @OptionGroup var options: EnqueueOptions
        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            if count < 1 { throw ValidationError("--count must be at least 1") }
            if count > 1 && options.uniqueKey != nil { throw ValidationError("--unique-key takes one job (--count 1)") }
        }

        func buildJob(on conn: Connection) throws -> NewJob {
            options.apply(to: NewJob(kind: JobKind.noop, args: try JSONText(encoding: NoopArgs(sleepMs: sleepMs))))
        }

        func run() throws {
            let conn = try database.connect()
            let job = try buildJob(on: conn)
            let results = try Producer.submit(job, count: count, on: conn)
            try JobWaiter.report(
                ids: results.map(\.id), existing: results.contains(where: \.existing), options: options, conn: conn)
        }
    }
}

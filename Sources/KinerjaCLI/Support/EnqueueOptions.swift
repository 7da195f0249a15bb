import ArgumentParser
import Foundation
import JobQueue
import Postgres
import Stores

/// Options every `kinerja enqueue` takes.
struct EnqueueOptions: ParsableArguments {
    @Option(help: "Priority: lower runs first.") var priority: Int16 = 0
    @Option(name: .customLong("run-at"), help: "Not before this time (ISO 8601, e.g. 2026-11-30T01:00:00+07:00).")
    var runAt: String?
    @Option(name: .customLong("unique-key"), help: "While a job with this key is unfinished, return it instead.")
    var uniqueKey: String?
    @Option(help: "Queue to put the job in.") var queue: String = "default"
    @Option(name: .customLong("max-attempts"), help: "Attempts before the job is discarded.") var maxAttempts: Int = 5
    @Flag(help: "Wait for the job to finish: exit 0 when completed, 1 when failed or cancelled.") var wait = false
    @Option(help: "With --wait: give up after this many seconds (exit 1); the job stays in the queue.")
    var timeout: Double?
    @Flag(help: "Print the job as one JSON document.") var json = false
    @Flag(help: "Refuse an OPD code the database does not know (exit 2) instead of warning.") var strict = false

    func validate() throws {
        if runAt != nil && parsedRunAt == nil { throw ValidationError("--run-at: not an ISO 8601 time: \(runAt!)") }
        if maxAttempts < 1 { throw ValidationError("--max-attempts must be at least 1") }
        if let timeout, !wait || timeout <= 0 {
            throw ValidationError("--timeout takes a positive number, with --wait")
        }
    }

    var parsedRunAt: Date? {
        guard let runAt else { return nil }
        let f = ISO8601DateFormatter()
        if let d = f.date(from: runAt) { return d }
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.date(from: runAt)
    }

    /// Warns when the database knows no OPD `kode` (most often a typo), before anything is queued; `--strict`
    /// refuses instead. Silent when the role may not look (a database before sql/013).
    func checkOPD(_ kode: String?, pemdaID: Int? = nil, on conn: Connection, importing: Bool = false) throws {
        guard let kode, OPDDirectory.knows(kode, pemdaID: pemdaID, on: conn) == false else { return }
        let known = "OPD \(kode) belum ada di basis data" + (pemdaID == nil ? "" : " untuk pemerintah ini")
        if strict { throw CLIError.usage(known + ": periksa kodenya (--strict menolak OPD yang belum dikenal)") }
        Terminal.warning(
            known + (importing ? "; impor ini akan menambahkannya" : "; pekerjaan ini tidak akan menemukan datanya")
                + ": periksa kodenya (--strict menolak)")
    }

    /// Warns when an import names a government (`--pemda`) the database does not know while it knows others (most
    /// often a misspelling, which would otherwise become a second government); `--strict` refuses instead.
    func checkPemda(_ pemda: String?, on conn: Connection) throws {
        guard let pemda, (try? PemdaStore.named(pemda, on: conn)) == .some(nil) else { return }
        let known = ((try? PemdaStore.all(on: conn)) ?? []).map(\.label).filter { !$0.isEmpty }
        guard !known.isEmpty else { return }
        let message = "pemerintah \"\(pemda)\" belum ada di basis data (yang ada: \(known.joined(separator: ", ")))"
        if strict { throw CLIError.usage(message + "; periksa ejaannya (--strict menolak pemerintah baru)") }
        Terminal.warning(message + "; impor ini akan menambahkannya: periksa ejaannya (--strict menolak)")
    }

    /// Applies the shared options to a job.
    func apply(to job: NewJob) -> NewJob {
        var job = job
        job.priority = priority
        job.runAt = parsedRunAt
        job.queue = queue
        job.maxAttempts = maxAttempts
        if let uniqueKey { job.uniqueKey = uniqueKey }
        return job
    }
}

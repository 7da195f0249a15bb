import ArgumentParser
import Foundation
import JobQueue
import Postgres

/// Reports an enqueued job: its id (or JSON), and with `--wait` follows it to the end, drawing a progress bar with
/// rate and ETA on a terminal. Exit status: 0 completed, 1 failed or cancelled.
enum JobWaiter {
    static func report(ids: [Int64], existing: Bool, options: EnqueueOptions, conn: Connection) throws {
        var failed = false
        if options.wait {
            let deadline = options.timeout.map { Date().addingTimeInterval($0) }
            for id in ids { failed = try follow(id, conn: conn, until: deadline) || failed }
        }
        if options.json {
            // One job is one object, several an array, with or without --wait.
            let records = try ids.compactMap { try QueueAdmin.job($0, on: conn) }
            if records.count == 1 { try Terminal.json(records[0]) } else { try Terminal.json(records) }
        } else if !options.wait {
            for id in ids { print(existing ? "\(id) (existing)" : "\(id)") }
        }
        if failed { throw ExitCode(1) }
    }

    /// Seconds a job may wait before `--wait` looks for a worker that serves it.
    static let workerCheckSeconds = 5.0

    /// Follows one job to a final state, or until `deadline`; returns true when it did not complete. Says at once
    /// which job it waits for (also without a terminal), and once when no live worker serves the job's queue.
    static func follow(_ id: Int64, conn: Connection, until deadline: Date? = nil) throws -> Bool {
        let start = Date()
        var lastDraw = Date.distantPast
        var lookedForWorker = false
        Terminal.note("waiting for job \(id) (Ctrl-C stops waiting, not the job)")
        while true {
            guard let job = try QueueAdmin.job(id, on: conn) else { throw CLIError.failure("job \(id) vanished") }
            let waiting = [.available, .scheduled, .retryable].contains(job.state)
            if waiting && !lookedForWorker && Date().timeIntervalSince(start) >= workerCheckSeconds {
                lookedForWorker = true
                // A role that may not read kinerja.workers (a database older than sql/011) is not told.
                if (try? WorkerRegistry.serves(queue: job.queue, kind: job.kind, on: conn)) == false {
                    Terminal.note(
                        "no worker serves queue \(job.queue) (kind \(job.kind)): start one with "
                            + "`kinerja worker --queues \(job.queue)`")
                }
            }
            if let deadline, Date() >= deadline, !job.state.isFinished {
                if Terminal.stderrIsTTY { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
                Terminal.error(
                    "gave up waiting for job \(id) after \(Int(Date().timeIntervalSince(start))) s: it is still "
                        + "\(job.state); follow it with `kinerja jobs show \(id)`")
                return true
            }
            switch job.state {
            case .completed:
                if Terminal.stderrIsTTY { Terminal.note("\r\u{1B}[2Kjob \(id) completed") }
                return false
            case .cancelled, .discarded:
                if Terminal.stderrIsTTY { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
                let last = job.errors.elements.last?["error"]?.stringValue ?? job.state.rawValue
                Terminal.error("job \(id) (\(job.kind)) \(job.state): \(last)")
                return true
            default:
                if Terminal.stderrIsTTY && Date().timeIntervalSince(lastDraw) > 0.2 {
                    lastDraw = Date()
                    FileHandle.standardError.write(Data(("\r\u{1B}[2K" + bar(job, since: start)).utf8))
                }
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
    }

    static func bar(_ job: JobRecord, since start: Date) -> String {
        let elapsed = Date().timeIntervalSince(start)
        guard let done = job.progress.done else {
            return "job \(job.id) \(job.state) \(String(format: "%.0f", elapsed)) s"
        }
        guard let total = job.progress.total, total > 0 else {
            let rate = elapsed > 0 ? Double(done) / elapsed : 0
            return "job \(job.id) \(job.state): \(done) done, \(String(format: "%.0f", rate))/s"
        }
        let fraction = min(1, Double(done) / Double(total))
        let width = 30
        let filled = Int(fraction * Double(width))
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta = rate > 0 ? Double(total - done) / rate : 0
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
            + String(format: "%3.0f%% %d/%d  %.0f/s  ETA %.0f s", fraction * 100, done, total, rate, eta)
    }
}

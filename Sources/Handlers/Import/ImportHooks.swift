/// What an importer may tell its caller while it runs: progress (rows read) and a stop check that throws when
/// the job was cancelled or timed out. Plain closures, so the importers run outside a worker too (benchmarks).
struct ImportHooks {
    /// Rows done, and rows the source has read (more when rows are parsed ahead): the estimate of the file's total
    /// comes from the second.
    var progress: (_ done: Int, _ read: Int) -> Void = { _, _ in }
    var checkCancellation: () throws -> Void = {}
    /// The job that runs the import, stored with the `imports` row.
    var jobID: Int64?
    /// Queue of the import's own follow-ups (`purge_lines`): the import job's queue.
    var queue: String?

    /// Rows between two progress reports and cancellation checks.
    static let interval = 10_000
}

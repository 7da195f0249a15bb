/// What `kinerja bench import` prints (contract: at least `rows`, `rows_per_s`, `peak_rss_mb`).
public struct ImportBenchmarkResult: Codable, Sendable {
    /// Data rows the import read below the header.
    public var rows: Int
    /// Rows per second over the whole import, `seconds`.
    public var rowsPerS: Double
    /// Peak resident memory of this process (VmHWM), in MiB.
    public var peakRSSMB: Double
    public var fileBytes: Int64
    /// From the start of the enqueue to the commit of the import job: upload, claim, parse, checks, COPY, commit.
    public var seconds: Double
    /// Of which: the producer's upload of the file into the database.
    public var uploadSeconds: Double
    /// Of which: the import job, from its claim to its commit.
    public var jobSeconds: Double
    /// The `purge_lines` job after it, which deleted the lines the import replaced (the previous run's), when
    /// there were any. Not part of `seconds`: the import is complete, and its lines visible, before it runs.
    public var purgeSeconds: Double?
    public var linesWritten: Int
    public var file: String

    enum CodingKeys: String, CodingKey {
        case rows
        case rowsPerS = "rows_per_s"
        case peakRSSMB = "peak_rss_mb"
        case fileBytes = "file_bytes"
        case seconds
        case uploadSeconds = "upload_seconds"
        case jobSeconds = "job_seconds"
        case purgeSeconds = "purge_seconds"
        case linesWritten = "lines_written"
        case file
    }
}

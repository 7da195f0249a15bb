/// What `kinerja bench import` prints (contract: at least `rows`, `rows_per_s`, `peak_rss_mb`).
public struct ImportBenchmarkResult: Codable, Sendable {
    /// Data rows in the generated export.
    public var rows: Int
    /// Rows per second over the whole import: upload, parse, checks, COPY, commit.
    public var rowsPerS: Double
    /// Peak resident memory of this process (VmHWM), in MiB.
    public var peakRSSMB: Double
    public var fileBytes: Int64
    public var seconds: Double
    /// Of which: the producer's upload of the file into the database.
    public var uploadSeconds: Double
    public var linesWritten: Int
    public var file: String

    enum CodingKeys: String, CodingKey {
        case rows
        case rowsPerS = "rows_per_s"
        case peakRSSMB = "peak_rss_mb"
        case fileBytes = "file_bytes"
        case seconds
        case uploadSeconds = "upload_seconds"
        case linesWritten = "lines_written"
        case file
    }
}

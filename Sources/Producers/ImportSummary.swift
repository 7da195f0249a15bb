/// The result document of an import job.
public struct ImportSummary: Codable, Sendable, Equatable {
    /// The import of the first scope (a budget file's first OPD); `importIDs` lists every scope's.
    public var importID: Int64
    /// Budget files: the import of each scope in `scopes`, in order (an unchanged scope's is its earlier import).
    public var importIDs: [Int64]?
    public var kind: String
    public var fileName: String
    /// Data rows read below the header (lines, total rows and skipped headings).
    public var rows: Int
    /// Budget lines or indicator values written.
    public var written: Int
    /// Total rows (JUMLAH / TOTAL / SUB TOTAL) checked, or comparison rows checked for a performance file.
    public var checkedRows: Int
    /// Headings without amounts and column-numbering rows.
    public var skippedRows: Int
    /// Findings by severity (`galat`, `peringatan`, `info`) and by code.
    public var temuan: [String: Int]
    public var temuanByCode: [String: Int]
    /// The scopes the file holds, in file order.
    public var scopes: [ImportScope]
    /// Budget files: the scopes whose content was what their current import holds, left as they were (no lines
    /// replaced, no recompute).
    public var unchangedScopes: [ImportScope]?
    /// One recompute per (tahun, kode_opd) written.
    public var recomputeJobIDs: [Int64]
    public var seconds: Double

    public init(
        importID: Int64, kind: String, fileName: String, rows: Int, written: Int, checkedRows: Int, skippedRows: Int,
        temuan: [String: Int], temuanByCode: [String: Int], scopes: [ImportScope], recomputeJobIDs: [Int64],
        seconds: Double, importIDs: [Int64]? = nil, unchangedScopes: [ImportScope]? = nil
    ) {
        self.importID = importID
        self.importIDs = importIDs
        self.unchangedScopes = unchangedScopes
        self.kind = kind
        self.fileName = fileName
        self.rows = rows
        self.written = written
        self.checkedRows = checkedRows
        self.skippedRows = skippedRows
        self.temuan = temuan
        self.temuanByCode = temuanByCode
        self.scopes = scopes
        self.recomputeJobIDs = recomputeJobIDs
        self.seconds = seconds
    }

    enum CodingKeys: String, CodingKey {
        case importID = "import_id"
        case importIDs = "import_ids"
        case unchangedScopes = "unchanged_scopes"
        case kind
        case fileName = "file_name"
        case rows, written
        case checkedRows = "checked_rows"
        case skippedRows = "skipped_rows"
        case temuan
        case temuanByCode = "temuan_by_code"
        case scopes
        case recomputeJobIDs = "recompute_job_ids"
        case seconds
    }
}

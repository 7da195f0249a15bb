import Foundation
import Kinerja

/// Arguments of `import_rka` and `import_kinerja`, stored as the job's `args` JSON (snake_case).
///
/// The file itself travels in the database (`upload_id`); `sha256` and the scope (`tahun`, `kode_opd`, `versi`)
/// are repeated here so a producer can find an earlier job for the same file and scope without reading uploads.
public struct ImportArgs: Codable, Sendable, Equatable {
    public var uploadID: Int64
    /// The file name as the operator gave it; used in every message about the file.
    public var fileName: String
    public var sha256: String
    /// The upload's size when the job was enqueued; the worker reads exactly this many bytes or fails. Absent in
    /// jobs enqueued before sql/010, which are checked against the upload's row instead.
    public var sizeBytes: Int64?
    /// Year for rows that carry none (budget files); a row that names another year is rejected.
    public var tahun: Int?
    /// OPD (organisasi perangkat daerah: the government agency) for rows that carry none.
    public var kodeOPD: String?
    /// The government (pemda) for rows that name none, by code or name as the operator gave it; absent: the
    /// database's only one. The worker finds it, or creates it on a first import.
    public var pemda: String?
    /// Performance files only: the rows are the government's own key indicators (IKU), with no OPD.
    public var iku: Bool?
    /// Budget files only.
    public var versi: BudgetVersion?
    /// XLSX sheet name; nil reads the first visible sheet.
    public var sheet: String?
    /// Budget files: the (tahun, OPD) of the file's first line, read by the producer when not given, for its
    /// "same file again" check (`v_import_jobs`); it does not limit what the worker accepts.
    public var fileScope: ImportScope?
    /// Budget files: replace every scope of the file, even one whose content is what its current import holds.
    /// Absent means false.
    public var force: Bool?

    public init(
        uploadID: Int64, fileName: String, sha256: String, sizeBytes: Int64? = nil, tahun: Int? = nil,
        kodeOPD: String? = nil, versi: BudgetVersion? = nil, sheet: String? = nil, fileScope: ImportScope? = nil,
        force: Bool? = nil, pemda: String? = nil, iku: Bool? = nil
    ) {
        self.pemda = pemda
        self.iku = iku
        self.uploadID = uploadID
        self.fileName = fileName
        self.sha256 = sha256
        self.sizeBytes = sizeBytes
        self.tahun = tahun
        self.kodeOPD = kodeOPD
        self.versi = versi
        self.sheet = sheet
        self.fileScope = fileScope
        self.force = force
    }

    enum CodingKeys: String, CodingKey {
        case uploadID = "upload_id"
        case fileName = "file_name"
        case sizeBytes = "size_bytes"
        case sha256, tahun, versi, sheet, force, pemda, iku
        case kodeOPD = "kode_opd"
        case fileScope = "file_scope"
    }
}

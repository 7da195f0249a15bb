import Foundation
import Postgres

/// One stored report, without its bytes.
public struct ReportInfo: Codable, Sendable, Equatable {
    public let id: Int64
    /// The `produce_report` job that made it; nil for reports stored by other means.
    public let jobID: Int64?
    public let tahun: Int
    /// nil: the government-wide LKIP.
    public let kodeOPD: String?
    /// The government (`kinerja.pemda.id`).
    public let pemdaID: Int
    /// `html`, `md`, `json` or `csv`.
    public let format: String
    /// Size of the content in bytes.
    public let bytes: Int
    /// SHA-256 of the content, hex, computed by the database when the report was stored.
    public let sha256: String
    public let createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, tahun, format, bytes, sha256
        case jobID = "job_id"
        case kodeOPD = "kode_opd"
        case pemdaID = "pemda_id"
        case createdAt = "created_at"
    }

    /// Every field is written, `job_id` as null when absent.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(jobID, forKey: .jobID)
        try c.encode(tahun, forKey: .tahun)
        try c.encode(kodeOPD, forKey: .kodeOPD)
        try c.encode(pemdaID, forKey: .pemdaID)
        try c.encode(format, forKey: .format)
        try c.encode(bytes, forKey: .bytes)
        try c.encode(sha256, forKey: .sha256)
        try c.encode(createdAt, forKey: .createdAt)
    }

    package init(row: Row) throws {
        id = try row.decode(0)
        jobID = try row.decode(1, as: Int64?.self)
        tahun = try row.decode(2)
        kodeOPD = try row.decode(3, as: String?.self)
        format = try row.decode(4)
        bytes = try row.decode(5)
        sha256 = try row.decode(6)
        createdAt = try row.decode(7)
        pemdaID = try row.decode(8)
    }
}

/// Reads the reports `produce_report` stored in `kinerja.reports`, for `kinerja reports list | get`.
public enum ReportStore {
    package static let columns =
        "id, job_id, tahun, kode_opd, format, octet_length(content) AS bytes, sha256, created_at, pemda_id"

    /// The newest reports first, optionally of one OPD, year and/or government.
    public static func list(kodeOPD: String?, tahun: Int?, pemdaID: Int? = nil, limit: Int, on conn: Connection) throws
        -> [ReportInfo]
    {
        try conn.query(
            SQL(
                unsafeSQL: """
                    SELECT \(columns) FROM kinerja.reports
                    WHERE ($1::text IS NULL OR kode_opd = $1) AND ($2::int IS NULL OR tahun = $2)
                      AND ($4::int IS NULL OR pemda_id = $4)
                    ORDER BY id DESC
                    LIMIT $3
                    """,
                binds: [kodeOPD, tahun, max(0, limit), pemdaID])
        ).rows.map(ReportInfo.init(row:))
    }

    /// One report with its bytes, or nil when there is no report with this id.
    public static func content(id: Int64, on conn: Connection) throws -> (ReportInfo, Data)? {
        guard
            let row = try conn.query(
                SQL(
                    unsafeSQL: "SELECT \(columns), content FROM kinerja.reports WHERE id = $1", binds: [id])
            ).first
        else { return nil }
        return (try ReportInfo(row: row), try row.decode(9, as: Data.self))
    }

    /// The newest report of one OPD (nil: the government-wide one), year and format of a government, or nil.
    public static func latest(tahun: Int, kodeOPD: String?, pemdaID: Int, format: String, on conn: Connection) throws
        -> ReportInfo?
    {
        try conn.query(
            SQL(
                unsafeSQL: """
                    SELECT \(columns) FROM kinerja.reports
                    WHERE tahun = $1 AND kode_opd IS NOT DISTINCT FROM $2::text AND format = $3 AND pemda_id = $4
                    ORDER BY id DESC
                    LIMIT 1
                    """,
                binds: [tahun, kodeOPD, format, pemdaID])
        ).first.map(ReportInfo.init(row:))
    }
}

import Foundation
import JobQueue
import Postgres

/// The job kinds of Kinerja and their arguments (stored as the job's `args` JSON, snake_case).
public enum JobKind {
    public static let importRKA = "import_rka"
    public static let importKinerja = "import_kinerja"
    public static let importNarasi = "import_narasi"
    public static let recomputeCapaian = "recompute_capaian"
    public static let produceReport = "produce_report"
    public static let purgeLines = "purge_lines"
    /// `purge_lines` for the lines an import re-read for a scope whose content had not changed (no import row has
    /// their id). A kind of its own: a worker from before it deletes only replaced imports' lines and would complete
    /// such a job leaving them behind; a worker claims only kinds it knows, so these wait for a new one.
    public static let purgeRereadLines = "purge_reread_lines"
    public static let noop = "noop"
}

/// Arguments of `recompute_capaian`: one year of one government, one OPD or all (with the government's own
/// indicators).
public struct RecomputeArgs: Codable, Sendable, Equatable {
    public var tahun: Int
    public var kodeOPD: String?
    /// The government (`kinerja.pemda.id`); absent: the database's only one.
    public var pemdaID: Int?

    public init(tahun: Int, kodeOPD: String? = nil, pemdaID: Int? = nil) {
        self.tahun = tahun
        self.kodeOPD = kodeOPD
        self.pemdaID = pemdaID
    }

    enum CodingKeys: String, CodingKey {
        case tahun
        case kodeOPD = "kode_opd"
        case pemdaID = "pemda_id"
    }

    /// The unique key that folds many pending recomputes of one scope into one job. An import's follow-up uses it
    /// behind `Producer.systemKeyPrefix`, where producers cannot put a job.
    public var uniqueKey: String {
        "recompute_capaian:\(tahun):\(kodeOPD ?? "*")" + (pemdaID.map { ":pemda \($0)" } ?? "")
    }

    /// The job to enqueue.
    public func job() throws -> NewJob {
        NewJob(kind: JobKind.recomputeCapaian, args: try JSONText(encoding: self), uniqueKey: uniqueKey)
    }
}

/// Arguments of `noop`: sleep this long, for smoke tests of a worker fleet.
public struct NoopArgs: Codable, Sendable, Equatable {
    public var sleepMs: Int?

    public init(sleepMs: Int? = nil) { self.sleepMs = sleepMs }

    enum CodingKeys: String, CodingKey {
        case sleepMs = "sleep_ms"
    }
}

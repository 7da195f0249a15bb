import Foundation
import JobQueue
import Postgres
import Report

/// Arguments of `produce_report`: one OPD (or, without one, the whole government), one year, one format.
public struct ProduceReportArgs: Codable, Sendable, Equatable {
    public var tahun: Int
    /// nil: the government-wide LKIP.
    public var kodeOPD: String?
    /// `html` when absent from the stored arguments.
    public var format: ReportFormat
    /// The government (`kinerja.pemda.id`); absent: the database's only one.
    public var pemdaID: Int?

    public init(tahun: Int, kodeOPD: String?, format: ReportFormat = .html, pemdaID: Int? = nil) {
        self.tahun = tahun
        self.kodeOPD = kodeOPD
        self.format = format
        self.pemdaID = pemdaID
    }

    enum CodingKeys: String, CodingKey {
        case tahun, format
        case kodeOPD = "kode_opd"
        case pemdaID = "pemda_id"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        tahun = try c.decode(Int.self, forKey: .tahun)
        kodeOPD = try c.decodeIfPresent(String.self, forKey: .kodeOPD)
        pemdaID = try c.decodeIfPresent(Int.self, forKey: .pemdaID)
        let text = try c.decodeIfPresent(String.self, forKey: .format) ?? ReportFormat.html.rawValue
        guard let format = ReportFormat(rawValue: text) else {
            throw DecodingError.dataCorruptedError(
                forKey: .format, in: c,
                debugDescription: "format \(text.debugDescription) tidak dikenal; gunakan salah satu dari "
                    + ReportFormat.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self.format = format
    }

    /// Why the arguments cannot describe a report, or nil when they can.
    public var problem: String? {
        if let kodeOPD, kodeOPD.trimmingCharacters(in: .whitespaces).isEmpty { return "kode OPD kosong" }
        if !(1990...2200).contains(tahun) { return "tahun \(tahun) di luar rentang 1990–2200" }
        return nil
    }

    /// The job to enqueue. No unique key: a report asked for twice is produced twice (each run reads the data of
    /// its own moment); pass `--unique-key` on the command line to fold requests.
    public func job() throws -> NewJob {
        if let problem { throw ReportArgumentError(problem) }
        return NewJob(kind: JobKind.produceReport, args: try JSONText(encoding: self))
    }
}

/// The arguments of a `produce_report` job are not usable (empty OPD code, impossible year).
public struct ReportArgumentError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

import JobQueue
import Kinerja
import Postgres

extension Temuan {
    /// A row of `v_temuan` as (tingkat, kode, pesan, sumber). A code that is not a `TemuanCode` (or a tingkat that
    /// is not a `Severity`) fails the job, naming it: a report must not print a finding no check defines.
    init(row: Row) throws {
        let kode: String = try row.decode(1)
        guard let code = TemuanCode(rawValue: kode) else {
            throw PermanentJobError("kode temuan \(kode.debugDescription) di v_temuan tidak dikenal")
        }
        let tingkat: String = try row.decode(0)
        guard let severity = Severity(rawValue: tingkat) else {
            throw PermanentJobError("tingkat temuan \(tingkat.debugDescription) di v_temuan tidak dikenal")
        }
        self.init(code, severity: severity, message: try row.decode(2), source: try row.decode(3, as: String?.self))
    }
}

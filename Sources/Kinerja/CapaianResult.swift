import Foundation

/// The capaian (achievement, percent of target) of one indicator in one year.
///
/// `value` is unrounded and nil whenever it cannot be computed: a missing number is never shown as 0.
public struct CapaianResult: Sendable, Equatable, Codable {
    /// Percent, unrounded; nil when not computable.
    public var value: Decimal?
    public var status: CapaianStatus
    /// Why there is no value or why it was adjusted, in Indonesian; nil for a plain computation.
    public var keterangan: String?
    public var flags: [CapaianFlag]

    public init(value: Decimal?, status: CapaianStatus, keterangan: String? = nil, flags: [CapaianFlag] = []) {
        self.value = value
        self.status = status
        self.keterangan = keterangan
        self.flags = flags
    }

    static func notComputed(_ status: CapaianStatus, _ keterangan: String) -> CapaianResult {
        CapaianResult(value: nil, status: status, keterangan: keterangan)
    }
}

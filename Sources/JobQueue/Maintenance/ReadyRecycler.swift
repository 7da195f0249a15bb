import Postgres

/// Empties the slots of `kinerja.ready` (sql/012) that are no longer written to and hold no live row, with TRUNCATE
/// through `kinerja.recycle_ready`: their dead rows are gone at once, even while an old snapshot keeps vacuum from
/// removing them. This is what keeps a claim's cost flat under a pinned snapshot.
struct ReadyRecycler {
    /// How often the elected process looks. A slot is written to for one second out of eight.
    static let intervalSeconds = 1.0
    static let slots = 0..<8

    /// Returns the slots emptied.
    @discardableResult
    static func run(on conn: Connection) throws -> [Int] {
        try slots.filter { slot in
            try conn.query("SELECT kinerja.recycle_ready(\(slot))").first?.decode(0, as: Bool.self) == true
        }
    }
}

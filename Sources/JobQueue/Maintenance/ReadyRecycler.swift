import Postgres

/// Empties the slots of `kinerja.ready` (sql/012) that are no longer written to, with TRUNCATE through
/// `kinerja.recycle_ready`: their dead rows are gone at once, even while an old snapshot keeps vacuum from removing
/// them. The few jobs a slot may still list (a queue no worker serves: up to 2 000, and only while dead rows are most
/// of the slot) move to the slot being written first (sql/018), so one waiting job cannot keep the dead rows of every
/// claim since behind it. This is what keeps a claim's cost flat under a pinned snapshot.
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

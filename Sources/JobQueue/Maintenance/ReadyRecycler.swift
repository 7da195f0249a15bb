import Postgres

/// Empties the slots of `kinerja.ready` (sql/012) that are no longer written to, with TRUNCATE through
/// `kinerja.recycle_ready`: their dead rows are gone at once, even while an old snapshot keeps vacuum from removing
/// them. The few jobs a slot may still list (a queue no worker serves: up to 2 000, and only while dead rows are most
/// of the slot) move to the slot being written first (sql/018), so one waiting job cannot keep the dead rows of every
/// claim since behind it. This is what keeps a claim's cost flat under a pinned snapshot.
struct ReadyRecycler {
    /// How often the elected process looks. A slot is written to for one second out of eight.
    static let intervalSeconds = 1.0

    /// Returns the slots emptied. Each call of `kinerja.recycle_ready_slots` (sql/032) looks at every slot's size and
    /// empties at most one, in its own transaction; it is called again while it empties one, so slots a busy lock
    /// left behind are caught up with.
    @discardableResult
    static func run(on conn: Connection) throws -> [Int] {
        var emptied: [Int] = []
        while emptied.count < 8,
            let slot = try conn.query("SELECT kinerja.recycle_ready_slots()").first?.decode(0, as: Int?.self)
        {
            emptied.append(slot)
        }
        return emptied
    }
}

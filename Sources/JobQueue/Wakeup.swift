/// What a `kinerja_jobs` notification asks of the fetchers that receive it. Every fetcher of every worker process
/// listens on the channel, so a notification that woke them all would make a fleet of 200 processes run 200 claims
/// for one job, 199 of them empty. A payload of a queue and a ticket wakes one of them instead.
///
/// Payloads: `*` (jobs in several queues: every fetcher claims), `QUEUE` (every fetcher serving the queue claims:
/// batches, and producers from before tickets), `QUEUE TICKET HOPS` (the fetcher the ticket picks from the roster
/// claims; one that has no free thread passes the ticket on to the next, `HOPS` counting how often it was passed).
/// Queue names have no spaces (`submit_job` checks them), so the parts cannot be confused.
struct Wakeup: Equatable {
    /// nil: every queue.
    var queue: String?
    var ticket: Int64?
    var hops = 0

    init(queue: String?, ticket: Int64? = nil, hops: Int = 0) {
        self.queue = queue
        self.ticket = ticket
        self.hops = hops
    }

    /// A payload that does not read as a ticket names a queue, as before tickets.
    init(payload: String) {
        if payload == "*" {
            self.init(queue: nil)
            return
        }
        let parts = payload.split(separator: " ", omittingEmptySubsequences: false)
        if parts.count == 3, let ticket = Int64(parts[1]), let hops = Int(parts[2]), hops >= 0 {
            self.init(queue: String(parts[0]), ticket: ticket, hops: hops)
        } else {
            self.init(queue: payload)
        }
    }

    var payload: String {
        guard let queue else { return "*" }
        guard let ticket else { return queue }
        return "\(queue) \(ticket) \(hops)"
    }

    /// The same ticket for the next fetcher in the roster.
    func passedOn() -> Wakeup { Wakeup(queue: queue, ticket: ticket.map { $0 &+ 1 }, hops: hops + 1) }
}

/// The live worker processes a ticket picks from, as each fetcher last read them from `kinerja.workers`: every
/// fetcher that read the same rows picks the same one. A fetcher missing from its own roster (it has just started,
/// or its row is late) takes every ticket of the queues it serves: a claim too many costs little, a wakeup lost
/// costs the job a poll interval.
struct WakeRoster: Equatable {
    struct Entry: Equatable {
        var owner: String
        /// nil: every queue.
        var queues: [String]?
    }

    /// How often a fetcher reads the roster again (with a heartbeat). Not every heartbeat: under an old snapshot the
    /// dead versions of every heartbeat's row stay, and a read walks them.
    static let refreshSeconds = 10.0
    /// Rows seen this recently are live. Heartbeats come every second; a process killed without a word drops out of
    /// the rosters read from 5 s later on, so its tickets are lost (their jobs wait for a poll) only meanwhile.
    static let liveSeconds = 5.0

    /// Sorted by owner.
    private(set) var entries: [Entry]

    init(_ entries: [Entry] = []) { self.entries = entries.sorted { $0.owner < $1.owner } }

    /// The owners serving `queue`, in roster order.
    func serving(_ queue: String) -> [String] {
        entries.filter { $0.queues?.contains(queue) ?? true }.map(\.owner)
    }

    /// Whether the ticket picks `owner`. Notifications without a ticket pick everyone.
    func picks(_ owner: String, for wakeup: Wakeup) -> Bool {
        guard let queue = wakeup.queue, let ticket = wakeup.ticket else { return true }
        let owners = serving(queue)
        guard let mine = owners.firstIndex(of: owner) else { return true }
        return Int(UInt64(bitPattern: ticket) % UInt64(owners.count)) == mine
    }

    /// Whether a ticket that reached a fetcher with no free thread should go on: not once every process serving the
    /// queue has had it (all are busy, and each claims when a thread is free).
    func passesOn(_ wakeup: Wakeup) -> Bool {
        guard let queue = wakeup.queue, wakeup.ticket != nil else { return false }
        return wakeup.hops + 1 < serving(queue).count
    }
}

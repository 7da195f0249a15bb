import Postgres

/// What a `kinerja_jobs` notification asks of the fetchers that receive it. Every fetcher of every worker process
/// listens on the channel, so a notification that woke them all would make a fleet of 200 processes run 200 claims
/// for one job, 199 of them empty. A payload with a ticket wakes one of them instead.
///
/// Payloads: `*` (jobs in several queues: every fetcher claims), `QUEUE` (every fetcher serving the queue claims:
/// batches, and producers from before tickets), `QUEUE TICKET HOPS KIND` (the fetcher the ticket picks among those
/// serving the queue and running the kind claims; one with no free thread passes it on, `HOPS` counting the passes).
/// Producers send a ticket only for queue and kind names without spaces, so the parts cannot be confused.
struct Wakeup: Equatable {
    /// nil: every queue.
    var queue: String?
    var ticket: Int64?
    var hops = 0
    var kind: String?

    init(queue: String?, ticket: Int64? = nil, hops: Int = 0, kind: String? = nil) {
        self.queue = queue
        self.ticket = ticket
        self.hops = hops
        self.kind = kind
    }

    /// A payload that does not read as a ticket names a queue, as before tickets.
    init(payload: String) {
        if payload == "*" {
            self.init(queue: nil)
            return
        }
        let parts = payload.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
        if parts.count == 4, let ticket = Int64(parts[1]), let hops = Int(parts[2]), hops >= 0, !parts[3].isEmpty {
            self.init(queue: String(parts[0]), ticket: ticket, hops: hops, kind: String(parts[3]))
        } else {
            self.init(queue: payload)
        }
    }

    var payload: String {
        guard let queue else { return "*" }
        guard let ticket, let kind else { return queue }
        return "\(queue) \(ticket) \(hops) \(kind)"
    }

    /// The same ticket for the next fetcher in line.
    func passedOn() -> Wakeup { Wakeup(queue: queue, ticket: ticket, hops: hops + 1, kind: kind) }
}

/// The live worker processes a ticket picks from, as each fetcher last read them from `kinerja.workers`.
///
/// A ticket ranks the processes serving its queue and kind by a hash of the ticket and each owner (rendezvous
/// hashing) and picks the one at rank `HOPS`. Rosters read at different moments differ while processes start and
/// stop, and the ranking keeps them agreeing where it matters: the process ranked first among all live ones is
/// ranked first in its own roster too (a process always reads its own row, written just before), so a process
/// missing from someone else's roster costs at most a claim too many, not a lost wakeup. A fetcher missing from its
/// own roster (its row is late) takes every ticket of the queues it serves.
struct WakeRoster: Equatable {
    struct Entry: Equatable {
        var owner: String
        /// nil: every queue.
        var queues: [String]?
        var kinds: [String]
    }

    /// How often a fetcher reads the roster again (with a heartbeat). Not every heartbeat: under an old snapshot the
    /// dead versions of every heartbeat's row stay, and a read walks them.
    static let refreshSeconds = 10.0
    /// Rows seen this recently are live. Heartbeats come every second; a process killed without a word drops out of
    /// the rosters read from 5 s later on, so its tickets are lost (their jobs wait for a poll) only meanwhile.
    static let liveSeconds = 5.0
    /// A ticket goes on at most this often: when every process is busy, passing it round the whole fleet would cost
    /// a notification each time and help nobody (each claims as soon as a thread is free).
    static let maxHops = 2

    private(set) var entries: [Entry]

    init(_ entries: [Entry] = []) { self.entries = entries }

    /// The owners serving `queue` and running `kind` (any kind when nil).
    func serving(_ queue: String, kind: String?) -> [String] {
        entries.filter { entry in
            (entry.queues?.contains(queue) ?? true) && (kind.map { entry.kinds.contains($0) } ?? true)
        }.map(\.owner)
    }

    /// Whether the ticket picks `owner`. Notifications without a ticket pick everyone.
    func picks(_ owner: String, for wakeup: Wakeup) -> Bool {
        guard let queue = wakeup.queue, let ticket = wakeup.ticket else { return true }
        guard entries.contains(where: { $0.owner == owner }) else { return true }
        // Listed, but not for this queue or kind: it could not claim the job.
        let owners = serving(queue, kind: wakeup.kind)
        guard owners.contains(owner) else { return false }
        // Every fetcher ranks every notification it receives: one hash per owner, not two per comparison.
        let ranked = owners.map { (Self.score(ticket, $0), $0) }.sorted(by: >)
        return ranked[min(wakeup.hops, ranked.count - 1)].1 == owner
    }

    /// Whether a ticket that reached a fetcher with no free thread should go on.
    func passesOn(_ wakeup: Wakeup) -> Bool {
        guard let queue = wakeup.queue, wakeup.ticket != nil else { return false }
        return wakeup.hops < Self.maxHops && wakeup.hops + 1 < serving(queue, kind: wakeup.kind).count
    }

    /// The same in every process: FNV-1a over the owner, seeded with the ticket, then mixed (SplitMix64's
    /// finaliser). Swift's `Hasher` is seeded anew in each process, so it cannot serve.
    static func score(_ ticket: Int64, _ owner: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ (UInt64(bitPattern: ticket) &* 0x9E37_79B9_7F4A_7C15)
        for byte in owner.utf8 { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        h ^= h >> 30
        h &*= 0xBF58_476D_1CE4_E5B9
        h ^= h >> 27
        h &*= 0x94D0_49BB_1331_11EB
        return h ^ (h >> 31)
    }
}

extension WakeRoster.Entry {
    /// A row of `WorkerRegistry.roster`: owner, queues and kinds (both separated by spaces; queues NULL for all).
    init(row: Row) throws {
        owner = try row.decode(0)
        queues = try row.decode(1, as: String?.self)?.split(separator: " ").map(String.init)
        kinds = (try row.decode(2, as: String?.self) ?? "").split(separator: " ").map(String.init)
    }
}

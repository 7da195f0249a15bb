import Foundation
import Logging
import Postgres

/// The fetcher's second connection. A turn's durable part (completions, hand-backs, failures) goes through it while
/// the claim and the heartbeat go through the fetcher's own connection, so that two server backends work on the
/// turn at once. With one connection a single backend ran every statement of every turn, one after the other: it
/// was the queue's bottleneck (about 80 % of one core busy while the other core idled, `bench queue`). Without a
/// finisher (no free connection slot, or its connection broke) the whole turn goes through the fetcher's
/// connection, as before; a new connection is tried every `retrySeconds`.
final class Finisher {
    static let retrySeconds = 5.0

    private let conninfo: String
    private let name: String
    private let logger: Logger
    private var connection: Connection?
    private var triedAt = Date.distantPast

    init(conninfo: String, name: String, logger: Logger) {
        self.conninfo = conninfo
        self.name = name
        self.logger = logger
    }

    /// The connection when it is usable; otherwise nil, after one attempt to open a new one when it is time.
    func ready() -> Connection? {
        if let c = connection, c.isHealthy { return c }
        connection = nil
        guard Date().timeIntervalSince(triedAt) >= Self.retrySeconds else { return nil }
        triedAt = Date()
        do {
            let opened = try Reconnect.open(conninfo, name: "\(name) finisher")
            try opened.execute(SQL(unsafeSQL: Reconnect.queueSettings))
            connection = opened
        } catch {
            logger.info(
                "finisher connection unavailable; turns go through one connection", metadata: ["error": "\(error)"])
        }
        return connection
    }

    /// Forgets a connection that failed; the next `ready` opens another when it is time.
    func drop() {
        connection = nil
        triedAt = Date()
    }
}

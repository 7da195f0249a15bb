import Foundation
import Logging
import Postgres

/// Opens a connection, retrying with exponential backoff and jitter while the server is unreachable (a restart,
/// a failover), until `shouldStop` says to give up.
enum Reconnect {
    static func connect(
        _ conninfo: String, name: String, logger: Logger, shouldStop: () -> Bool
    ) -> Connection? {
        var delay = 0.05
        while !shouldStop() {
            do {
                return try Connection(conninfo, applicationName: "kinerja \(name)")
            } catch {
                logger.warning("database unreachable, retrying", metadata: ["in_s": "\(delay)", "error": "\(error)"])
                Thread.sleep(forTimeInterval: delay * Double.random(in: 0.8...1.2))
                delay = min(delay * 2, 5)
            }
        }
        return nil
    }
}

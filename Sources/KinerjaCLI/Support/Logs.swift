import Foundation
import Logging

/// Logging to stderr through swift-log, level from `KINERJA_LOG_LEVEL` (default info). Log lines never carry a
/// connection string: the queue and handlers log redacted errors only.
enum Logs {
    static func bootstrap() -> Logger {
        let level =
            ProcessInfo.processInfo.environment["KINERJA_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: "kinerja")
    }
}

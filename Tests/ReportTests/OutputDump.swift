import Foundation

/// Writes rendered outputs to $REPORT_OUT_DIR when it is set, to look at them (ops/report-check.sh shows an HTML one in a browser).
enum OutputDump {
    static func write(_ data: Data, name: String) throws {
        guard let dir = ProcessInfo.processInfo.environment["REPORT_OUT_DIR"], !dir.isEmpty else { return }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: dir).appendingPathComponent(name))
    }
}

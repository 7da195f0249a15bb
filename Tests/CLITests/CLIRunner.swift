import Foundation
import TestSupport

/// Runs the real `kinerja` binary, built next to the test bundle, and captures what it prints.
struct CLIRunner {
    struct Output {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static var binary: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("kinerja")
            .path
    }

    let url: String

    /// Runs `kinerja ARGS --database-url URL`-style commands (the URL is passed through the environment so argument
    /// parsing stays under test).
    func run(_ arguments: [String], environment: [String: String] = [:], directory: URL? = nil) throws -> Output {
        let process = Process()
        if let directory { process.currentDirectoryURL = directory }
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["KINERJA_DATABASE_URL"] = url
        env["KINERJA_SQL_DIR"] = TestDatabase.sqlDirectory.path
        env["NO_COLOR"] = "1"
        env["KINERJA_LOG_LEVEL"] = "warning"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let dir = FileManager.default.temporaryDirectory
        let outURL = dir.appendingPathComponent(TestDatabase.uniqueName("out"))
        let errURL = dir.appendingPathComponent(TestDatabase.uniqueName("err"))
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: try String(contentsOf: outURL, encoding: .utf8),
            stderr: try String(contentsOf: errURL, encoding: .utf8))
    }

    /// Starts `kinerja ARGS` in the background with `environment` added (e.g. libfaketime's), behind `wrapper` when
    /// given (a program that runs the rest and passes signals on, such as `timeout`), its log to `log` when given;
    /// the caller signals or waits for it.
    func start(
        _ arguments: [String], environment: [String: String] = [:], wrapper: [String] = [], log: URL? = nil
    ) throws -> Process {
        let process = Process()
        let command = wrapper + [Self.binary] + arguments
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        env["KINERJA_DATABASE_URL"] = url
        env["KINERJA_SQL_DIR"] = TestDatabase.sqlDirectory.path
        env["KINERJA_LOG_LEVEL"] = log == nil ? "error" : "info"
        process.environment = env
        process.standardOutput = FileHandle.nullDevice
        if let log {
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: log)
        } else {
            process.standardError = FileHandle.nullDevice
        }
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Enqueues `total` no-op jobs of `sleepMs` each into `queue` and starts `processes` workers on it.
    func busyWorkers(
        queue: String, total: Int, sleepMs: Int, processes: Int, concurrency: Int, lease: Int
    ) throws -> [Process] {
        _ = try run(["enqueue", "noop", "--queue", queue, "--count", String(total), "--sleep-ms", String(sleepMs)])
        return try (0..<processes).map { i in
            try start([
                "worker", "--queues", queue, "--concurrency", String(concurrency), "--name", "\(queue)-\(i)",
                "--lease-seconds", String(lease),
            ])
        }
    }

    static func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }
}

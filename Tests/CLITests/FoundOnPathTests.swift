import Foundation
import TestSupport
import Testing

/// `kinerja` run by name from PATH, in a folder of its own, as an operator runs it after `ops/install.sh`.
@Suite("The binary found on PATH")
struct FoundOnPathTests {
    @Test("finds its migrations beside its own file, not in the working directory")
    func findsMigrations() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(TestDatabase.uniqueName("cwd"))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let process = Process()
        process.currentDirectoryURL = folder
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // By name, so the program's arguments[0] is "kinerja" and not a path.
        process.arguments = ["-c", "kinerja db migrate"]
        var env = ProcessInfo.processInfo.environment
        env["PATH"] =
            URL(fileURLWithPath: CLIRunner.binary).deletingLastPathComponent().path + ":" + (env["PATH"] ?? "")
        env["KINERJA_DATABASE_URL"] = try TestDatabase.url()
        env["KINERJA_SQL_DIR"] = nil
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("up to date"), "\(text)")
    }
}

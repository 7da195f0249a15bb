import Foundation
import TestSupport
import Testing

/// Checks the deployment files (docker-compose.yml, ops/Dockerfile, ops/systemd/) by reading them, since no container
/// engine or systemd runs where the tests do. The compose file is parsed by PyYAML (`python3 -c`) and handed over as
/// JSON; a machine without python3 or PyYAML fails these tests with a message saying so.
@Suite struct DeploymentFilesTests {
    private var root: URL { TestDatabase.packageRoot }

    // MARK: docker-compose.yml

    @Test func composeHasTheThreeServices() throws {
        let services = try Compose.services(root: root)
        for name in ["postgres", "migrate", "worker"] {
            #expect(services[name] is [String: Any], "docker-compose.yml has no service \(name)")
        }
    }

    @Test func postgresIsCheckedWithPgIsready() throws {
        let postgres = try Compose.service("postgres", root: root)
        let healthcheck = try #require(postgres["healthcheck"] as? [String: Any], "postgres has no healthcheck")
        let test = Compose.words(healthcheck["test"]).joined(separator: " ")
        #expect(test.contains("pg_isready"), "postgres healthcheck is \(test)")
    }

    @Test func migrateRunsDbMigrateOncePostgresIsHealthy() throws {
        let migrate = try Compose.service("migrate", root: root)
        #expect(Compose.words(migrate["command"]) == ["db", "migrate"])
        #expect(Compose.dependency(of: migrate, on: "postgres") == "service_healthy")
    }

    @Test func workerStartsAfterMigrateAndStopsGracefully() throws {
        let worker = try Compose.service("worker", root: root)
        #expect(Compose.words(worker["command"]).first == "worker")
        #expect(Compose.dependency(of: worker, on: "migrate") == "service_completed_successfully")
        #expect(worker["stop_signal"] as? String == "SIGTERM")
        let grace = try #require(worker["stop_grace_period"] as? String, "worker has no stop_grace_period")
        let seconds = try #require(DurationText.seconds(compose: grace), "stop_grace_period \(grace) is not a duration")
        // Above the worker's default drain period (`kinerja worker --grace-seconds`, 30 s), or Compose kills jobs mid-way.
        #expect(seconds > 30, "stop_grace_period \(grace) leaves no room for the 30 s drain")
        let healthcheck = try #require(worker["healthcheck"] as? [String: Any], "worker has no healthcheck")
        #expect(!Compose.words(healthcheck["test"]).isEmpty)
    }

    @Test func workerDatabaseURLPointsAtThePostgresService() throws {
        let worker = try Compose.service("worker", root: root)
        let url = try #require(
            Compose.environment(of: worker)["KINERJA_DATABASE_URL"], "worker has no KINERJA_DATABASE_URL")
        #expect(url.hasPrefix("postgresql://") || url.hasPrefix("postgres://"), "\(url)")
        // Not URLComponents: the password is a ${...} interpolation, which is no valid URL text.
        let afterCredentials = url.split(separator: "@").last.map(String.init) ?? ""
        let host = afterCredentials.prefix { $0 != ":" && $0 != "/" }
        #expect(host == "postgres", "KINERJA_DATABASE_URL names host \(host)")
    }

    @Test func imagesAreBuiltFromOpsDockerfile() throws {
        for name in ["migrate", "worker"] {
            let service = try Compose.service(name, root: root)
            let dockerfile = try #require(Compose.dockerfile(of: service, root: root), "\(name) has no build section")
            #expect(
                dockerfile.standardizedFileURL.path
                    == root.appendingPathComponent("ops/Dockerfile").standardizedFileURL.path,
                "\(name) builds from \(dockerfile.path)")
            #expect(FileManager.default.fileExists(atPath: dockerfile.path), "\(dockerfile.path) does not exist")
        }
    }

    // MARK: systemd

    @Test func workerUnitDrainsOnSIGTERM() throws {
        let unit = try Unit(root.appendingPathComponent("ops/systemd/kinerja-worker@.service"))
        #expect(unit.values("KillSignal") == ["SIGTERM"])
        let stop = try #require(unit.values("TimeoutStopSec").last, "no TimeoutStopSec")
        let seconds = try #require(DurationText.seconds(systemd: stop), "TimeoutStopSec=\(stop) is not a duration")
        #expect(seconds > 30, "TimeoutStopSec=\(stop) leaves no room for the 30 s drain")
        #expect(unit.values("EnvironmentFile").contains { $0.hasSuffix("kinerja.env") })
        #expect(unit.values("ExecStart").contains { $0.contains("worker") && $0.contains("--name %i") })
        #expect(unit.values("User") == ["kinerja"])
        #expect(unit.values("Restart") == ["on-failure"])
    }

    @Test func nightlyTimerRunsInJakartaTime() throws {
        let timer = try Unit(root.appendingPathComponent("ops/systemd/kinerja-nightly.timer"))
        let calendar = try #require(timer.values("OnCalendar").first, "no OnCalendar")
        #expect(calendar.hasSuffix("Asia/Jakarta"), "OnCalendar=\(calendar)")
        #expect(timer.values("Persistent") == ["true"])
        let service = try Unit(root.appendingPathComponent("ops/systemd/kinerja-nightly.service"))
        let exec = service.values("ExecStart")
        #expect(exec.contains { $0.contains("db migrate") })
        #expect(exec.contains { $0.contains("enqueue recompute-capaian --tahun") })
    }

    @Test("the local cluster lives in the user's data directory, found from any folder; an existing ./.kinerja wins")
    func localClusterHome() throws {
        let cli = CLIRunner(url: try TestDatabase.url())
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(TestDatabase.uniqueName("home"))
        let elsewhere = root.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let env = ["HOME": root.path, "KINERJA_HOME": "", "XDG_DATA_HOME": ""]
        let status = try cli.run(["db", "status"], environment: env, directory: elsewhere)
        #expect(status.stdout == "stopped (\(root.path)/.local/share/kinerja)\n", "\(status.stdout)\(status.stderr)")
        let legacy = elsewhere.appendingPathComponent(".kinerja")
        try FileManager.default.createDirectory(at: legacy, withIntermediateDirectories: true)
        try Data("{\"dataDirectory\":\"/nonexistent\",\"port\":1}".utf8).write(
            to: legacy.appendingPathComponent("cluster.json"))
        let old = try cli.run(["db", "status"], environment: env, directory: elsewhere)
        #expect(old.stdout == "stopped (\(legacy.path))\n", "\(old.stdout)\(old.stderr)")
    }
}

/// A failure of the check itself (not of the file under test), with what to do about it.
private struct DeploymentCheckError: Error, CustomStringConvertible {
    let description: String
}

/// docker-compose.yml, as PyYAML reads it.
private enum Compose {
    static let loader = """
        import json, sys
        try:
            import yaml
        except ImportError:
            sys.exit("PyYAML is not installed (apt-get install python3-yaml, or pip install pyyaml)")
        with open(sys.argv[1]) as f:
            print(json.dumps(yaml.safe_load(f)))
        """

    static func load(root: URL) throws -> [String: Any] {
        let file = root.appendingPathComponent("docker-compose.yml")
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw DeploymentCheckError(description: "\(file.path) does not exist")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", loader, file.path]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw DeploymentCheckError(
                description: "cannot run python3 (needed with PyYAML to check docker-compose.yml): \(error)")
        }
        // The document is small; stderr is read after stdout closes, and only holds a short message.
        let json = out.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw DeploymentCheckError(
                description: "python3 with PyYAML is needed to check docker-compose.yml and failed (status "
                    + "\(process.terminationStatus)): \(message.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        guard let document = try JSONSerialization.jsonObject(with: json) as? [String: Any] else {
            throw DeploymentCheckError(description: "docker-compose.yml is not a mapping at the top")
        }
        return document
    }

    static func services(root: URL) throws -> [String: Any] {
        guard let services = try load(root: root)["services"] as? [String: Any] else {
            throw DeploymentCheckError(description: "docker-compose.yml has no services")
        }
        return services
    }

    static func service(_ name: String, root: URL) throws -> [String: Any] {
        guard let service = try services(root: root)[name] as? [String: Any] else {
            throw DeploymentCheckError(description: "docker-compose.yml has no service \(name)")
        }
        return service
    }

    /// A command or healthcheck test, in list or string form, as words.
    static func words(_ value: Any?) -> [String] {
        if let list = value as? [Any] { return list.map { "\($0)" } }
        if let text = value as? String { return text.split(separator: " ").map(String.init) }
        return []
    }

    /// The condition `service` waits for on `other` (the short list form means service_started).
    static func dependency(of service: [String: Any], on other: String) -> String? {
        if let list = service["depends_on"] as? [String] { return list.contains(other) ? "service_started" : nil }
        guard let map = service["depends_on"] as? [String: Any], let entry = map[other] else { return nil }
        return (entry as? [String: Any])?["condition"] as? String ?? "service_started"
    }

    /// The environment in map or `KEY=VALUE` list form.
    static func environment(of service: [String: Any]) -> [String: String] {
        if let map = service["environment"] as? [String: Any] { return map.mapValues { "\($0)" } }
        var result: [String: String] = [:]
        for item in service["environment"] as? [String] ?? [] {
            let parts = item.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { result[String(parts[0])] = String(parts[1]) }
        }
        return result
    }

    /// The Dockerfile a service builds from: the context relative to the compose file, the Dockerfile relative to it.
    static func dockerfile(of service: [String: Any], root: URL) -> URL? {
        let context: String
        var dockerfile = "Dockerfile"
        if let text = service["build"] as? String {
            context = text
        } else if let build = service["build"] as? [String: Any] {
            context = build["context"] as? String ?? "."
            if let name = build["dockerfile"] as? String { dockerfile = name }
        } else {
            return nil
        }
        return root.appendingPathComponent(context).appendingPathComponent(dockerfile)
    }
}

/// A systemd unit file's settings, `Key=value` lines without comments or sections.
private struct Unit {
    let lines: [(key: String, value: String)]

    init(_ file: URL) throws {
        let text = try String(contentsOf: file, encoding: .utf8)
        lines = text.split(separator: "\n").compactMap { raw in
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.hasPrefix("#"), !line.hasPrefix(";"), !line.hasPrefix("["),
                let eq = line.firstIndex(of: "=")
            else { return nil }
            return (
                String(line[..<eq]).trimmingCharacters(in: .whitespaces),
                String(line[line.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
            )
        }
    }

    func values(_ key: String) -> [String] { lines.filter { $0.key == key }.map(\.value) }
}

/// Durations as the deployment files write them.
private enum DurationText {
    /// Compose: `60s`, `1m30s`, `1h`, `500ms`.
    static func seconds(compose text: String) -> Double? {
        parse(text, units: ["h": 3600, "m": 60, "s": 1, "ms": 0.001])
    }

    /// systemd: `60`, `60s`, `1min 30s`, `2m`.
    static func seconds(systemd text: String) -> Double? {
        if let plain = Double(text) { return plain }
        return parse(
            text.replacingOccurrences(of: " ", with: ""),
            units: ["h": 3600, "min": 60, "m": 60, "s": 1, "sec": 1, "ms": 0.001, "msec": 0.001])
    }

    private static func parse(_ text: String, units: [String: Double]) -> Double? {
        var total = 0.0
        var rest = Substring(text)
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { $0.isLetter }
            rest = rest.dropFirst(unit.count)
            guard let value = Double(number), let factor = units[String(unit)] else { return nil }
            total += value * factor
        }
        return total
    }
}

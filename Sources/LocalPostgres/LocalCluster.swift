import Foundation

/// A private PostgreSQL cluster for development, the demo and tests, kept under `$KINERJA_HOME` (default: the user's
/// data directory, `$XDG_DATA_HOME/kinerja` or `~/.local/share/kinerja`, so any folder finds it). Uses the server binaries found on the machine (Debian's `postgresql` package). When run as root it
/// runs the server as an unprivileged user (`postgres`, else `nobody`), because PostgreSQL refuses to run as root.
///
/// It listens on 127.0.0.1 only, on a port chosen free at first start and kept afterwards, with trust
/// authentication for local connections: a development cluster, not a production one.
public struct LocalCluster: Sendable {
    public let home: URL
    public let database: String
    public let user: String

    public init(home: URL, database: String = "kinerja", user: String = "kinerja") {
        self.home = home.standardizedFileURL
        self.database = database
        self.user = user
    }

    /// The cluster under `$KINERJA_HOME`; else `./.kinerja` when a cluster lives there (the default before the
    /// data directory, kept so an existing cluster is not orphaned); else the user's data directory.
    public static func fromEnvironment() -> LocalCluster {
        let env = ProcessInfo.processInfo.environment
        if let home = env["KINERJA_HOME"], !home.isEmpty { return LocalCluster(home: URL(fileURLWithPath: home)) }
        let legacy = FileManager.default.currentDirectoryPath + "/.kinerja"
        if FileManager.default.fileExists(atPath: legacy + "/cluster.json") {
            return LocalCluster(home: URL(fileURLWithPath: legacy))
        }
        return LocalCluster(home: userDataDirectory(env).appendingPathComponent("kinerja"))
    }

    /// `$XDG_DATA_HOME`, else `$HOME/.local/share` (the XDG base directory default).
    static func userDataDirectory(_ env: [String: String]) -> URL {
        if let xdg = env["XDG_DATA_HOME"], xdg.hasPrefix("/") { return URL(fileURLWithPath: xdg) }
        let home = env["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".local/share")
    }

    var settingsFile: URL { home.appendingPathComponent("cluster.json") }

    /// Where the data lives: under `home`, unless the server's user cannot reach it (a root-owned private temp
    /// folder); then under /var/tmp/kinerja, named after `home`.
    var dataDirectory: URL {
        if let saved = try? loadSettings() { return URL(fileURLWithPath: saved.dataDirectory) }
        return home.appendingPathComponent("pgdata")
    }

    /// The URL of the running cluster's database.
    public func url() throws -> String {
        guard let settings = try loadSettings() else {
            throw LocalClusterError("no local cluster: run kinerja db start")
        }
        return "postgresql://\(user)@127.0.0.1:\(settings.port)/\(database)"
    }

    /// True when the server answers on its port.
    public func isRunning() -> Bool {
        guard let settings = try? loadSettings() else { return false }
        return (try? Shell.run(Binaries.find("pg_isready"), ["-q", "-h", "127.0.0.1", "-p", String(settings.port)]))
            != nil
    }

    /// Initialises the cluster if needed, starts it if stopped, creates the database, and returns its URL.
    @discardableResult
    public func start() throws -> String {
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        var settings = try loadSettings() ?? initialise()
        if isRunning() {
            try createDatabase(settings)
            return try url()
        }
        if !Ports.isFree(settings.port) {
            settings.port = try Ports.free()
            try saveSettings(settings)
        }
        let owner = ServerUser.current()
        try Shell.run(
            Binaries.find("pg_ctl"),
            [
                "-D", settings.dataDirectory, "-l", settings.dataDirectory + "/server.log", "-w", "-t", "60",
                "-o", "-p \(settings.port)", "start",
            ],
            as: owner)
        try createDatabase(settings)
        return try url()
    }

    /// Stops the server: fast (sessions are ended, committed work is kept), or immediate, as a crash or a power cut
    /// would (no checkpoint; the next start recovers from the WAL; commits whose WAL was not flushed are gone).
    public func stop(immediate: Bool = false) throws {
        guard let settings = try loadSettings() else { return }
        guard isRunning() else { return }
        try Shell.run(
            Binaries.find("pg_ctl"),
            ["-D", settings.dataDirectory, "-m", immediate ? "immediate" : "fast", "-w", "stop"],
            as: ServerUser.current())
    }

    /// Restarts the server (used by tests that check reconnection).
    public func restart() throws {
        guard let settings = try loadSettings() else { throw LocalClusterError("cluster not initialised") }
        try Shell.run(
            Binaries.find("pg_ctl"),
            [
                "-D", settings.dataDirectory, "-l", settings.dataDirectory + "/server.log", "-m", "fast", "-w",
                "-o", "-p \(settings.port)", "restart",
            ],
            as: ServerUser.current())
    }

    private func initialise() throws -> Settings {
        let owner = ServerUser.current()
        var data = home.appendingPathComponent("pgdata").path
        if let owner, !owner.canReach(home.path) {
            let name = home.path.replacingOccurrences(of: "/", with: "_")
            data = "/var/tmp/kinerja/\(name)/pgdata"
        }
        let parent = URL(fileURLWithPath: data).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        if FileManager.default.fileExists(atPath: data) { try FileManager.default.removeItem(atPath: data) }
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        if let owner { try owner.chown(data) }
        try Shell.run(
            Binaries.find("initdb"),
            ["-D", data, "-U", user, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions"], as: owner)
        let config = """

            # Kinerja local cluster
            listen_addresses = '127.0.0.1'
            unix_socket_directories = ''
            max_connections = 200
            shared_buffers = 256MB
            # A nightly import of a big export writes hundreds of MB of WAL; with the default 1GB a checkpoint
            # (and full-page writes after it) fell in the middle of nearly every other import.
            max_wal_size = 4GB
            synchronous_commit = on
            log_min_messages = warning
            """
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: data + "/postgresql.conf"))
        handle.seekToEndOfFile()
        handle.write(Data(config.utf8))
        try handle.close()
        let settings = Settings(port: try Ports.free(), dataDirectory: data)
        try saveSettings(settings)
        return settings
    }

    private func createDatabase(_ settings: Settings) throws {
        let psql = try Binaries.find("psql")
        let base = "postgresql://\(user)@127.0.0.1:\(settings.port)/postgres"
        let exists = try Shell.run(
            psql, [base, "-XAtq", "-c", "SELECT 1 FROM pg_database WHERE datname = '\(database)'"])
        if exists.trimmingCharacters(in: .whitespacesAndNewlines) != "1" {
            try Shell.run(psql, [base, "-Xq", "-c", "CREATE DATABASE \(database)"])
        }
    }

    struct Settings: Codable {
        var port: Int
        var dataDirectory: String
    }

    private func loadSettings() throws -> Settings? {
        guard FileManager.default.fileExists(atPath: settingsFile.path) else { return nil }
        return try JSONDecoder().decode(Settings.self, from: Data(contentsOf: settingsFile))
    }

    private func saveSettings(_ settings: Settings) throws {
        try JSONEncoder().encode(settings).write(to: settingsFile)
    }
}

/// Something went wrong starting or stopping the local cluster.
public struct LocalClusterError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}

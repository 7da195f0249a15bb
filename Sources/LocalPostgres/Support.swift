import Foundation

/// Finds PostgreSQL's server programs: on PATH, else the newest /usr/lib/postgresql/N/bin.
enum Binaries {
    static func find(_ name: String) throws -> String {
        let fm = FileManager.default
        var dirs: [String] = []
        if let versions = try? fm.contentsOfDirectory(atPath: "/usr/lib/postgresql") {
            dirs += versions.compactMap(Int.init).sorted(by: >).map { "/usr/lib/postgresql/\($0)/bin" }
        }
        dirs += (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        for dir in dirs where fm.isExecutableFile(atPath: dir + "/" + name) { return dir + "/" + name }
        throw LocalClusterError(
            "\(name) not found: install PostgreSQL's server (Debian: apt-get install postgresql) or give a database URL"
        )
    }
}

/// The unprivileged user the server runs as when we are root; nil when we are not root.
struct ServerUser {
    let name: String

    static func current() -> ServerUser? {
        guard geteuid() == 0 else { return nil }
        for name in ["postgres", "nobody"] where getpwnam(name) != nil { return ServerUser(name: name) }
        return nil
    }

    func canReach(_ path: String) -> Bool {
        (try? Shell.run("/usr/bin/test", ["-x", path, "-a", "-r", path], as: self)) != nil
    }

    func chown(_ path: String) throws {
        try Shell.run("/bin/chown", ["-R", name, path])
    }
}

enum Ports {
    /// A TCP port on 127.0.0.1 that nothing listens on now.
    static func free() throws -> Int {
        for _ in 0..<50 {
            let port = Int.random(in: 20_000...60_000)
            if isFree(port) { return port }
        }
        throw LocalClusterError("no free port found")
    }

    static func isFree(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        // As the server binds (SO_REUSEADDR): connections of a server that just crashed, left in TIME_WAIT, do not
        // make its port look taken, so it comes back on the port its clients know.
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}

enum Shell {
    /// Runs a program (as `user` through runuser when given) and returns its standard output; throws with its
    /// standard error when it fails.
    ///
    /// Uses posix_spawn and waitpid with output in temporary files rather than `Process` and pipes: the server that
    /// pg_ctl starts outlives it, and `Process.waitUntilExit` was seen to hang here.
    @discardableResult
    static func run(_ program: String, _ arguments: [String], as user: ServerUser? = nil) throws -> String {
        let argv = user.map { ["/usr/sbin/runuser", "-u", $0.name, "--", program] } ?? [program]
        let all = argv + arguments
        let dir = FileManager.default.temporaryDirectory
        let outPath = dir.appendingPathComponent("kinerja-\(UUID().uuidString).out").path
        let errPath = dir.appendingPathComponent("kinerja-\(UUID().uuidString).err").path
        defer {
            unlink(outPath)
            unlink(errPath)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var pid: pid_t = 0
        let cArgs = all.map { strdup($0) } + [nil]
        defer { for arg in cArgs { free(arg) } }
        let spawned = posix_spawn(&pid, all[0], &actions, nil, cArgs, environ)
        guard spawned == 0 else { throw LocalClusterError("cannot run \(all[0]): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let output = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        // WIFEXITED && WEXITSTATUS == 0
        guard status & 0x7F == 0, (status >> 8) & 0xFF == 0 else {
            let message = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
            let name = (program as NSString).lastPathComponent
            throw LocalClusterError("\(name) failed: \(message.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return output
    }
}

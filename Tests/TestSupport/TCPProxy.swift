import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A TCP proxy on 127.0.0.1 in front of the test server, for fault tests: connections through it work as usual
/// until `refuseNew` is set, when new ones are closed at once while the ones already open keep working (a
/// network partition that hits one connection's reconnect and not the others).
public final class TCPProxy: Sendable {
    public let port: UInt16
    private let listener: Int32
    private let target: UInt16
    private let refusing = Atomic<Bool>(false)
    private let closed = Atomic<Bool>(false)

    /// Listens on a free port and forwards to `127.0.0.1:targetPort`.
    public init(targetPort: UInt16) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = Self.loopback(port: 0)
        let size = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, size) }
        }
        guard bound == 0, listen(fd, 64) == 0 else { throw ProxyError("cannot listen: errno \(errno)") }
        var length = size
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        target = targetPort
        listener = fd
        port = UInt16(bigEndian: address.sin_port)
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    /// The test server's URL with its port replaced by the proxy's.
    public static func url(through proxy: TCPProxy, from url: String) -> String {
        var components = URLComponents(string: url)!
        components.port = Int(proxy.port)
        return components.string!
    }

    /// While true, new connections are closed at once; open ones go on.
    public func refuseNew(_ refuse: Bool) { refusing.store(refuse, ordering: .sequentiallyConsistent) }

    /// Stops accepting; open connections end when either side closes.
    public func close() {
        closed.store(true, ordering: .sequentiallyConsistent)
        shutdown(listener, Int32(SHUT_RDWR))
        Glibc.close(listener)
    }

    private func acceptLoop() {
        while !closed.load(ordering: .sequentiallyConsistent) {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            if refusing.load(ordering: .sequentiallyConsistent) {
                Glibc.close(client)
                continue
            }
            let server = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = Self.loopback(port: target)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(server, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard connected == 0 else {
                Glibc.close(client)
                Glibc.close(server)
                continue
            }
            let pair = Pair(client, server)
            Thread.detachNewThread { Self.pump(from: client, to: server, pair) }
            Thread.detachNewThread { Self.pump(from: server, to: client, pair) }
        }
    }

    /// The two sockets of one proxied connection; the second pump to finish closes them (closing earlier could hand
    /// a descriptor number the other pump still writes to to some other file).
    private final class Pair: Sendable {
        let sockets: (Int32, Int32)
        let finished = Atomic<Int>(0)
        init(_ a: Int32, _ b: Int32) { sockets = (a, b) }

        func pumpFinished() {
            if finished.add(1, ordering: .sequentiallyConsistent).newValue == 2 {
                Glibc.close(sockets.0)
                Glibc.close(sockets.1)
            }
        }
    }

    /// Copies bytes one way until either side closes, then shuts both down.
    private static func pump(from source: Int32, to destination: Int32, _ pair: Pair) {
        defer { pair.pumpFinished() }
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            var sent = 0
            while sent < count {
                let n = buffer.withUnsafeBytes { write(destination, $0.baseAddress! + sent, count - sent) }
                guard n > 0 else { break }
                sent += n
            }
            if sent < count { break }
        }
        shutdown(source, Int32(SHUT_RDWR))
        shutdown(destination, Int32(SHUT_RDWR))
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    struct ProxyError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}

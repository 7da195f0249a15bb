import Foundation

/// A pipe whose write end wakes a thread blocked in `poll`. Shared between the waiting thread and others.
final class WakePipe: Sendable {
    let readFD: Int32
    let writeFD: Int32

    init() throws(PostgresError) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else {
            throw PostgresError(kind: .usage, message: "cannot create a pipe: errno \(errno)", operation: "listen")
        }
        for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        readFD = fds[0]
        writeFD = fds[1]
    }

    deinit {
        close(readFD)
        close(writeFD)
    }

    func wake() {
        var byte: UInt8 = 1
        _ = write(writeFD, &byte, 1)
    }

    func drain() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(readFD, &buffer, buffer.count) > 0 {}
    }
}

/// Interrupts a `waitForNotification` running on another thread. Safe to keep and call from anywhere.
public struct NotificationInterrupter: Sendable {
    let pipe: WakePipe
    /// Makes the current or the next wait return at once.
    public func interrupt() { pipe.wake() }
}

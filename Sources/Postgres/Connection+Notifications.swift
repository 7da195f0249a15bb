import CLibPQ
import Foundation

/// A NOTIFY received on a channel this connection listens to.
public struct ChannelNotification: Sendable, Equatable {
    public let channel: String
    public let payload: String
    /// The notifying session's backend pid.
    public let senderPID: Int32
}

extension Connection {
    /// Starts listening on a channel.
    public func listen(_ channel: String) throws(PostgresError) {
        try execute(SQL(unsafeSQL: "LISTEN " + quoteIdentifier(channel)))
    }

    /// A handle other threads can use to end a wait early.
    public func notificationInterrupter() throws(PostgresError) -> NotificationInterrupter {
        NotificationInterrupter(pipe: try wakePipeForNotifications())
    }

    /// Waits up to `timeout` seconds for notifications. Returns what arrived (possibly several), or an empty array
    /// on timeout or when interrupted.
    public func waitForNotifications(timeout: Double) throws(PostgresError) -> [ChannelNotification] {
        var received = try drainNotifications()
        if !received.isEmpty { return received }
        let pipe = try wakePipeForNotifications()
        let socket = PQsocket(handle)
        guard socket >= 0 else { throw lastError(operation: "listen") }
        let deadline = Date().addingTimeInterval(timeout)
        while received.isEmpty {
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { break }
            var fds = [
                pollfd(fd: socket, events: Int16(POLLIN), revents: 0),
                pollfd(fd: pipe.readFD, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&fds, 2, Int32(min(remaining * 1000, 60_000).rounded(.up)))
            if ready < 0 && errno != EINTR { throw lastError(operation: "listen") }
            if fds[1].revents != 0 {
                pipe.drain()
                break
            }
            if fds[0].revents != 0 {
                guard PQconsumeInput(handle) == 1 else { throw lastError(operation: "listen") }
                received = try drainNotifications()
            }
        }
        return received
    }

    private func drainNotifications() throws(PostgresError) -> [ChannelNotification] {
        guard PQconsumeInput(handle) == 1 else { throw lastError(operation: "listen") }
        var out: [ChannelNotification] = []
        while let n = PQnotifies(handle) {
            out.append(
                ChannelNotification(
                    channel: String(cString: n.pointee.relname), payload: String(cString: n.pointee.extra),
                    senderPID: n.pointee.be_pid))
            PQfreemem(n)
        }
        return out
    }
}

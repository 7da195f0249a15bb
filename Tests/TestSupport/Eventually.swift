import Foundation

/// Polls `condition` until it holds or `seconds` pass; returns whether it held. For waiting on workers that run on
/// other threads or in other processes.
public func eventually(within seconds: Double = 10, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: 0.02)
    }
    return try condition()
}

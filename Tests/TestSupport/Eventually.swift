import Foundation
import JobQueue
import Postgres

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

/// How many jobs of `queue` are in each state.
public func jobStates(queue: String, on conn: Connection) throws -> [JobState: Int] {
    var out: [JobState: Int] = [:]
    for row in try conn.query("SELECT state, count(*)::int FROM kinerja.v_jobs WHERE queue = \(queue) GROUP BY 1").rows
    {
        out[try row.decode(0, as: JobState.self)] = try row.decode(1, as: Int.self)
    }
    return out
}

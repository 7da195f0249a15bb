import Foundation
import Postgres

/// The lock around a pool's `PoolStateMachine`: the fetcher and the worker threads change the machine only through
/// `transition`, which performs the actions the machine returns (stopping jobs while still locked: a job's cancel
/// handle belongs to its connection only until its thread clears it, under this lock; waking others after).
final class PoolState: @unchecked Sendable {
    // @unchecked: `machine` and `wake` are read and written only while `cond` is locked.
    private let cond = NSCondition()
    private var machine: PoolStateMachine
    /// Interrupts the fetcher's wait for notifications; set while the fetcher holds a connection.
    private var wake: NotificationInterrupter?

    init(_ machine: PoolStateMachine) { self.machine = machine }

    /// Runs one transition and performs its actions.
    @discardableResult
    func transition<T>(_ body: (inout PoolStateMachine) -> (T, [PoolStateMachine.Action])) -> T {
        cond.lock()
        let (value, actions) = body(&machine)
        var wakeFetcher = false
        for action in actions {
            switch action {
            case .stop(let control, let cancel, let reason):
                control.requestStop(reason)
                cancel?.cancelRunningStatement()
            case .wakeWorkers: cond.broadcast()
            case .wakeFetcher: wakeFetcher = true
            }
        }
        let interrupter = wakeFetcher ? wake : nil
        cond.unlock()
        interrupter?.interrupt()
        return value
    }

    /// A transition without actions, or a read.
    func with<T>(_ body: (inout PoolStateMachine) -> T) -> T {
        transition { (body(&$0), []) }
    }

    func setWake(_ interrupter: NotificationInterrupter?) {
        cond.lock()
        wake = interrupter
        cond.unlock()
    }

    /// Waits until the thread with this index may connect (`PoolStateMachine.threadsWanted`); false once the pool
    /// stops claiming, when a thread that never connected has nothing to do.
    func waitToConnect(_ index: Int) -> Bool {
        cond.lock()
        defer { cond.unlock() }
        while true {
            if machine.phase != .running { return false }
            if machine.mayConnect(index) { return true }
            cond.wait()
        }
    }

    /// The next claimed job for a worker thread, waiting for one; nil once the pool stops and nothing is pending.
    func nextJob() -> ClaimedJob? {
        cond.lock()
        defer { cond.unlock() }
        while true {
            switch machine.takeJob() {
            case .job(let job): return job
            case .stop: return nil
            case .wait: cond.wait()
            }
        }
    }
}

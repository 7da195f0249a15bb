import Foundation

/// How a worker process runs: where the database is, how many jobs at once, which queues, and the timings.
public struct WorkerConfiguration: Sendable {
    /// libpq connection string or URL; each thread opens its own connection with it.
    public var conninfo: String
    /// Jobs run at once in this process (one thread each; a thread connects once work waits for it).
    public var concurrency: Int
    /// Queues served; nil serves all.
    public var queues: [String]?
    /// Jobs claimed ahead of free threads, so one claim fetches a large batch of short jobs. Prefetched jobs hold
    /// a lease while they wait. Nil (the default) sizes each claim from how long this worker's jobs have taken
    /// (`ClaimSizer`); a number fixes it (0 for one job per free thread).
    public var prefetch: Int?
    /// At most this many jobs of a queue at once in this process.
    public var queueLimits: [String: Int]
    /// Name in leases and logs: host:pid:name.
    public var name: String
    /// A claim's lease. A dead worker's jobs are claimable again after this; heartbeats extend it.
    public var leaseSeconds: Double
    /// How often leases are extended and progress written.
    public var heartbeatSeconds: Double
    /// Claims are tried at least this often when no notification arrives.
    public var pollSeconds: Double
    /// Exit once nothing is claimable, nothing is due soon, no lease waits to be rescued, and our jobs are done.
    public var exitWhenIdle: Bool
    /// How long "due soon" is for `exitWhenIdle`.
    public var idleHorizonSeconds: Double
    /// First signal: how long running jobs may take to finish before they are stopped and handed back.
    public var shutdownGraceSeconds: Double
    public var retry: RetryPolicy
    /// Backoff after an attempt that failed because the database went away (the connection dropped, SQLSTATE classes
    /// 08, 53 and 57): long enough to ride out a server restart or a connection storm without using up the attempts.
    public var connectionRetry: RetryPolicy
    /// A claimed job that no thread has started after this long goes back to the queue (its lease is no longer
    /// extended): the threads that would run it have no connection.
    public var startDeadlineSeconds: Double
    /// Maintenance (rescue, cron, pruning) runs in this process.
    public var runMaintenance: Bool
    /// Finished jobs are deleted this long after they finished.
    public var retentionSeconds: Double
    /// How often the fetcher reads which processes a wake ticket picks from (with a heartbeat).
    var rosterRefreshSeconds = WakeRoster.refreshSeconds
    /// How often a process that is not the maintenance leader stands by (`Maintenance.standbySeconds`).
    var standbySeconds = Maintenance.standbySeconds
    /// How large `kinerja.jobs` grows before the maintenance leader compacts it (`JobsCompactor.minBytes`).
    var compactMinBytes = JobsCompactor.minBytes
    /// How large `kinerja.workers` grows before the maintenance leader compacts it (`WorkersCompactor.minBytes`).
    var workersCompactMinBytes = WorkersCompactor.minBytes

    public init(
        conninfo: String, concurrency: Int = 4, prefetch: Int? = nil, queues: [String]? = nil,
        queueLimits: [String: Int] = [:],
        name: String = "worker", leaseSeconds: Double = 30, heartbeatSeconds: Double = 1, pollSeconds: Double = 1,
        exitWhenIdle: Bool = false, idleHorizonSeconds: Double = 3, shutdownGraceSeconds: Double = 30,
        retry: RetryPolicy = RetryPolicy(), connectionRetry: RetryPolicy = RetryPolicy(base: 15, maximum: 600),
        startDeadlineSeconds: Double = 5, runMaintenance: Bool = true, retentionSeconds: Double = 7 * 86400
    ) {
        self.conninfo = conninfo
        self.concurrency = max(1, concurrency)
        self.prefetch = prefetch.map { max(0, $0) }
        self.queues = queues
        self.queueLimits = queueLimits
        self.name = name
        self.leaseSeconds = leaseSeconds
        self.heartbeatSeconds = heartbeatSeconds
        self.pollSeconds = pollSeconds
        self.exitWhenIdle = exitWhenIdle
        self.idleHorizonSeconds = idleHorizonSeconds
        self.shutdownGraceSeconds = shutdownGraceSeconds
        self.retry = retry
        self.connectionRetry = connectionRetry
        self.startDeadlineSeconds = startDeadlineSeconds
        self.runMaintenance = runMaintenance
        self.retentionSeconds = retentionSeconds
    }

    /// host:pid:name, as stored in `lease_owner`.
    public var owner: String { "\(Self.host):\(getpid()):\(name)" }

    /// Looked up once: Foundation's `hostName` may ask the resolver, and the owner goes into every claim.
    private static let host = ProcessInfo.processInfo.hostName
}

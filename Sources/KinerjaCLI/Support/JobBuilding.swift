import JobQueue

/// An enqueue subcommand that can describe its job without enqueueing it (for `kinerja schedule add`).
protocol JobBuilding {
    func buildJob() throws -> NewJob
}

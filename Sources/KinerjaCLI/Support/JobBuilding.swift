import JobQueue
import Postgres

/// An enqueue subcommand that can describe its job without enqueueing it (for `kinerja schedule add`); `conn`
/// resolves names the job stores by id (`--pemda`).
protocol JobBuilding {
    func buildJob(on conn: Connection) throws -> NewJob
}

/// How the two statements run for every batch, the claim and the batch completion, are planned: once, not for each
/// execution as the pool's other statements are (`Reconnect.open`), and only with index look-ups, row addresses and
/// nested loops. Planning took 0.6-0.9 ms of a 64-job claim's 1.8-2.0 ms on the server, and 0.2-0.4 ms of a
/// 64-job completion's 0.7-1.1 ms. Each table those statements read is reached by an index or by row addresses, never
/// by a join the planner could turn round, so the one plan holds whether the tables were empty or full when it was
/// made: a scan of a whole ready slot or of `kinerja.jobs` would be priced at ten billion, and a hash join, which
/// reads its inner side whole, is not considered. No JIT: those prices would make every statement compile itself
/// (half a second).
enum PlanOnce {
    static let settings: KeyValuePairs = [
        "plan_cache_mode": "force_generic_plan", "enable_seqscan": "off", "enable_hashjoin": "off",
        "enable_mergejoin": "off", "jit": "off",
    ]

    /// `settings` for the rest of the transaction: sent after every other statement of a pipeline, just before the
    /// statements planned once.
    static let statement =
        "SELECT " + settings.map { "set_config('\($0.key)', '\($0.value)', true)" }.joined(separator: ", ")
}

import Foundation
import Postgres

/// The statements of a fetcher's turn, each paired with the decoder of its answer.
extension Fetcher {
    /// One statement of a turn's pipeline, paired with what its answer does.
    struct Step {
        let sql: SQL
        let decode: (QueryResult) throws -> Void
    }

    /// What the answers of a turn's steps give, filled in by their decoders.
    final class Answers {
        var result = PoolStateMachine.TurnResult()
        var kept = 0
    }

    /// Steps for one pipeline: those planned as usual, then those planned once (`PlanOnce`), after the one step that
    /// sets how, which holds for the rest of the transaction.
    struct Steps {
        var plain: [Step] = []
        var plannedOnce: [Step] = []

        var isEmpty: Bool { plain.isEmpty && plannedOnce.isEmpty }

        /// In the order they are sent.
        var all: [Step] {
            plannedOnce.isEmpty
                ? plain : plain + [Step(sql: SQL(preparedSQL: PlanOnce.statement)) { _ in }] + plannedOnce
        }

        static func + (a: Steps, b: Steps) -> Steps {
            Steps(plain: a.plain + b.plain, plannedOnce: a.plannedOnce + b.plannedOnce)
        }
    }

    /// The statements that end jobs: completions, hand-backs, failures. Their transaction is durable.
    func finishingSteps(_ turn: Turn, into answers: Answers) -> Steps {
        var steps = Steps()
        if !turn.completions.isEmpty {
            let sql = SQL(
                preparedSQL: Completion.completeMany,
                binds: [
                    turn.completions.map(\.id), turn.completions.map(\.token.text), turn.completions.map(\.result),
                ])
            steps.plannedOnce.append(Step(sql: sql) { answers.kept = $0.rows.count })
        }
        if !turn.releases.isEmpty {
            let sql = SQL(
                unsafeSQL: Completion.release, binds: [turn.releases.map(\.id), turn.releases.map(\.token.text)])
            steps.plain.append(
                Step(sql: sql) { answers.result.handedBack = try $0.rows.map { try $0.decode(0, as: Int64.self) } })
        }
        for f in turn.failures {
            let sql = SQL(
                unsafeSQL: Completion.fail, binds: [f.id, f.token.text, f.message, config.owner, f.verdict, f.delay])
            steps.plain.append(Step(sql: sql) { _ in })
        }
        return steps
    }

    /// The statements that promote due jobs, refresh the worker's row, extend leases and claim. Without per-queue
    /// limits the claim rides in the same round trip; with them, claims follow one by one so each limited queue's
    /// room is known.
    func claimingSteps(_ turn: Turn, into answers: Answers) -> Steps {
        var steps = Steps()
        if turn.claimLimit > 0 && Date() >= promoteAt {
            promoteAt = Date().addingTimeInterval(Claim.promotionDelay(processes: roster.entries.count))
            let sql = SQL(preparedSQL: Claim.promote, binds: [1000, Claim.promoteTickets])
            steps.plain.append(Step(sql: sql) { _ in })
        }
        if turn.heartbeat != nil {
            let sql = SQL(
                preparedSQL: WorkerRegistry.seen,
                binds: [config.owner, config.queues, pool.registry.kinds, config.concurrency, turn.connectedThreads])
            steps.plain.append(Step(sql: sql) { _ in })
            if Date().timeIntervalSince(rosterReadAt) >= config.rosterRefreshSeconds {
                rosterReadAt = Date()
                let read = SQL(preparedSQL: WorkerRegistry.roster, binds: [WakeRoster.liveSeconds])
                steps.plain.append(
                    Step(sql: read) { [self] in roster = WakeRoster(try $0.rows.map(WakeRoster.Entry.init(row:))) })
            }
        }
        if let beats = turn.heartbeat, !beats.isEmpty {
            let sql = SQL(
                preparedSQL: Completion.heartbeat,
                binds: [
                    beats.map(\.id), beats.map(\.token.text), beats.map(\.done), beats.map(\.total),
                    config.leaseSeconds,
                ])
            steps.plain.append(
                Step(sql: sql) { result in
                    for row in result.rows {
                        answers.result.alive[try row.decode(0, as: Int64.self)] = try row.decode(1, as: Bool.self)
                    }
                })
        }
        if config.queueLimits.isEmpty && turn.claimLimit > 0 {
            let sql = claimStatement(queues: config.queues, excluding: [], limit: turn.claimLimit)
            steps.plannedOnce.append(Step(sql: sql) { [self] result in try takeClaimed(result, into: answers) })
        }
        return steps
    }
}

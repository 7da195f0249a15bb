import Foundation
import Postgres
import Testing

/// What `EXPLAIN (ANALYZE, FORMAT JSON)` says of one statement, for the tests of the queue's plans.
struct QueryPlan {
    /// The whole answer, for the message of a failed expectation.
    let text: String
    /// The top node.
    let top: [String: Any]

    /// Runs `statement` under EXPLAIN ANALYZE on `conn`: it really runs, so a test rolls its transaction back.
    init(_ statement: String, on conn: Connection) throws {
        text = try conn.query(SQL(unsafeSQL: "EXPLAIN (ANALYZE, FORMAT JSON) " + statement)).first!.decode(
            0, as: String.self)
        top = try #require(
            (try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])?.first?["Plan"]
                as? [String: Any])
    }

    /// `node` and every node under it.
    static func nodes(in node: [String: Any]) -> [[String: Any]] {
        [node] + (node["Plans"] as? [[String: Any]] ?? []).flatMap { nodes(in: $0) }
    }

    /// Every node of the plan, the top one first.
    var nodes: [[String: Any]] { Self.nodes(in: top) }

    /// Rows that scans of tables returned or read and threw away, over every loop.
    var rowsRead: Int {
        nodes.reduce(0) { sum, node in
            let scansTable = (node["Node Type"] as? String)?.hasSuffix("Scan") == true && node["Relation Name"] != nil
            let own =
                (scansTable ? node["Actual Rows"] as? Int ?? 0 : 0) + (node["Rows Removed by Filter"] as? Int ?? 0)
                + (node["Rows Removed by Join Filter"] as? Int ?? 0)
            return sum + own * (node["Actual Loops"] as? Int ?? 1)
        }
    }

    /// Rows a filter read and threw away, over every loop, in nodes other than those of type `skipped`.
    func rowsRemovedByFilter(skipping skipped: String? = nil) -> Int {
        nodes.filter { $0["Node Type"] as? String != skipped }.reduce(0) {
            $0 + ($1["Rows Removed by Filter"] as? Int ?? 0) * ($1["Actual Loops"] as? Int ?? 1)
        }
    }
}

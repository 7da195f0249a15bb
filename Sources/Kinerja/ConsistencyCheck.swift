import Foundation

/// Pure checks that turn inconsistencies in the source figures into `Temuan`.
///
/// Each returns nil (or an empty list) when the figures agree. Printed figures are checked,
/// never trusted: the computed value is what gets reported.
public enum ConsistencyCheck {
    /// Money in a message: `2.689.814.182` when whole, `2.776.718.927,63` otherwise.
    static func amount(_ v: Decimal) -> String { IndonesianFormat.number(v) }

    /// `label` with a trailing colon when it is not empty.
    static func prefix(_ label: String) -> String { label.isEmpty ? "" : label + ": " }
}

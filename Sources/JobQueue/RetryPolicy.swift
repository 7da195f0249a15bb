import Foundation

/// Exponential backoff with jitter: attempt n waits about base × 2^(n−1), at most `maximum`, spread by ±25% so that
/// jobs that failed together do not all come back together.
public struct RetryPolicy: Sendable {
    public var base: Double
    public var maximum: Double

    public init(base: Double = 2, maximum: Double = 3600) {
        self.base = base
        self.maximum = maximum
    }

    /// Seconds to wait before the next attempt, after `attempt` failed.
    public func delay(afterAttempt attempt: Int) -> Double {
        let raw = min(maximum, base * pow(2, Double(max(0, attempt - 1))))
        return raw * Double.random(in: 0.75...1.25)
    }
}

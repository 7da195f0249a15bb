import Foundation

/// A small bounded queue between one producer thread and one consumer, guarded by one condition lock.
///
/// The producer `put`s (waiting while the queue is full) and ends with `finish`; the consumer `take`s (waiting
/// while it is empty) and gets nil after the end, or the producer's error once everything before it was taken.
/// `cancel` (the consumer gave up) empties the queue and makes every later `put` throw, so the producer stops.
/// Elements cross threads unchecked: a producer hands over values it no longer touches.
package final class HandOver<Element>: @unchecked Sendable {
    private let capacity: Int
    private let condition = NSCondition()
    private var queue: [Element] = []
    private var finished = false
    private var failure: (any Error)?
    private var cancelled = false

    package init(capacity: Int) { self.capacity = capacity }

    package func put(_ element: Element) throws {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= capacity && !cancelled { condition.wait() }
        if cancelled { throw CancellationError() }
        queue.append(element)
        condition.broadcast()
    }

    /// The producer is done: nil (the end) or the error that stopped it.
    package func finish(_ error: (any Error)?) {
        condition.lock()
        finished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    package func cancel() {
        condition.lock()
        cancelled = true
        queue.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    package func take() throws -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !finished { condition.wait() }
        if !queue.isEmpty {
            condition.broadcast()
            return queue.removeFirst()
        }
        if let failure { throw failure }
        return nil
    }
}

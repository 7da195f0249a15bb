import Foundation
import Spreadsheet
import Synchronization

/// Runs a pull source on a thread of its own, a few batches ahead of its reader.
///
/// The budget import's thread checks the lines and sends them to COPY while this thread parses the rows after
/// them: on one thread the two took turns, and the server waited while the file was parsed. Items go over in
/// batches (one lock per batch, not per row). `produce` runs on the read-ahead thread only, from `init` on: the
/// caller hands it over with everything it uses. Its error reaches `next` after the items before it. Dropping the
/// reader stops the thread at its next batch.
package final class ReadAhead<Item> {
    private let channel: HandOver<Batch>
    /// The batch being read: `take` moves each item out, where reading an array by index copied it and `popLast`
    /// needed the batch reversed first (a budget line's strings retained and released again each time, a tenth of
    /// the reading thread's time).
    private var batch: Batch?
    private let counter = Counter()

    /// The items the source has handed over so far, a batch at a time: how far the reader's source has got, ahead
    /// of what the reader has taken (an estimate made from the bytes read must compare them with this).
    package var handedOver: Int { counter.items.load(ordering: .relaxed) }

    private final class Counter: Sendable {
        let items = Atomic<Int>(0)
    }

    /// `name` names the thread (seen in a debugger or `top -H`).
    package init(name: String, batchSize: Int = 256, batches: Int = 96, produce: @escaping () throws -> Item?) {
        precondition(batchSize > 0, "a batch holds at least one item")
        let channel = HandOver<Batch>(capacity: batches)
        self.channel = channel
        let counter = self.counter
        let source = HandedOver(produce)
        let thread = Thread {
            var items = Batch(capacity: batchSize)
            do {
                while let item = try source.produce() {
                    items.append(item)
                    guard items.isFull else { continue }
                    try channel.put(items)
                    counter.items.add(items.count, ordering: .relaxed)
                    items = Batch(capacity: batchSize)
                }
                if items.count > 0 {
                    try channel.put(items)
                    counter.items.add(items.count, ordering: .relaxed)
                }
                channel.finish(nil)
            } catch {
                // The items made before the error go first (a cancelled reader takes none).
                if items.count > 0 { try? channel.put(items) }
                channel.finish(error)
            }
        }
        thread.name = name
        thread.start()
    }

    deinit { channel.cancel() }

    /// The next item, nil at the end; throws what `produce` threw, in its place.
    package func next() throws -> Item? {
        while true {
            if let item = batch?.take() { return item }
            guard let next = try channel.take() else { return nil }
            batch = next
        }
    }

    /// Up to `capacity` items in memory of their own, moved in by the producer and out by the reader, each once.
    /// Unchecked: the producer hands a full batch over and never touches it again.
    private final class Batch: @unchecked Sendable {
        private let base: UnsafeMutablePointer<Item>
        private let capacity: Int
        private(set) var count = 0
        /// Items before this one were moved out.
        private var taken = 0

        init(capacity: Int) {
            base = .allocate(capacity: capacity)
            self.capacity = capacity
        }

        var isFull: Bool { count == capacity }

        func append(_ item: consuming Item) {
            (base + count).initialize(to: item)
            count += 1
        }

        func take() -> Item? {
            guard taken < count else { return nil }
            taken += 1
            return (base + taken - 1).move()
        }

        deinit {
            (base + taken).deinitialize(count: count - taken)
            base.deallocate()
        }
    }

    /// The producing closure, moved to the read-ahead thread and used there only.
    private final class HandedOver: @unchecked Sendable {
        let produce: () throws -> Item?
        init(_ produce: @escaping () throws -> Item?) { self.produce = produce }
    }
}

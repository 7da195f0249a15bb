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
    private let channel: HandOver<[Item]>
    /// The batch being read, last item first: `popLast` moves each item out, where reading by index copied it (a
    /// budget line's strings retained and released again, a tenth of the reading thread's time).
    private var batch: [Item] = []
    private let counter = Counter()

    /// The items the source has handed over so far, a batch at a time: how far the reader's source has got, ahead
    /// of what the reader has taken (an estimate made from the bytes read must compare them with this).
    package var handedOver: Int { counter.items.load(ordering: .relaxed) }

    private final class Counter: Sendable {
        let items = Atomic<Int>(0)
    }

    /// `name` names the thread (seen in a debugger or `top -H`).
    package init(name: String, batchSize: Int = 256, batches: Int = 96, produce: @escaping () throws -> Item?) {
        let channel = HandOver<[Item]>(capacity: batches)
        self.channel = channel
        let counter = self.counter
        let source = HandedOver(produce)
        let thread = Thread {
            var items: [Item] = []
            items.reserveCapacity(batchSize)
            do {
                while let item = try source.produce() {
                    items.append(consume item)
                    guard items.count == batchSize else { continue }
                    items.reverse()
                    try channel.put(items)
                    counter.items.add(items.count, ordering: .relaxed)
                    items = []
                    items.reserveCapacity(batchSize)
                }
                if !items.isEmpty {
                    items.reverse()
                    try channel.put(items)
                    counter.items.add(items.count, ordering: .relaxed)
                }
                channel.finish(nil)
            } catch {
                // The items made before the error go first (a cancelled reader takes none).
                if !items.isEmpty { try? channel.put(items.reversed()) }
                channel.finish(error)
            }
        }
        thread.name = name
        thread.start()
    }

    deinit { channel.cancel() }

    /// The next item, nil at the end; throws what `produce` threw, in its place.
    package func next() throws -> Item? {
        while batch.isEmpty {
            guard let next = try channel.take() else { return nil }
            batch = next
        }
        return batch.popLast()
    }

    /// The producing closure, moved to the read-ahead thread and used there only.
    private final class HandedOver: @unchecked Sendable {
        let produce: () throws -> Item?
        init(_ produce: @escaping () throws -> Item?) { self.produce = produce }
    }
}

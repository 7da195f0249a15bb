import Foundation
import ImportParsing
import Synchronization
import Testing

@Suite("ReadAhead: a source read on a thread of its own")
struct ReadAheadTests {
    /// What the producer has made so far, read from the test's thread.
    final class Made: Sendable {
        let count = Atomic<Int>(0)
    }

    /// A source of 1, 2, … `last`, then the end.
    static func counting(to last: Int) -> () -> Int? {
        var next = 0
        return {
            guard next < last else { return nil }
            next += 1
            return next
        }
    }

    @Test("items come in order, across many batches, then the end, again and again")
    func inOrder() throws {
        let ahead = ReadAhead<Int>(name: "test", batchSize: 7, batches: 3, produce: Self.counting(to: 10_000))
        var seen: [Int] = []
        while let item = try ahead.next() { seen.append(item) }
        #expect(seen == Array(1...10_000))
        #expect(try ahead.next() == nil)
    }

    @Test("handedOver counts what the source made, a batch at a time, ahead of the reader, and ends at the total")
    func handedOver() throws {
        let ahead = ReadAhead<Int>(name: "test", batchSize: 10, batches: 4, produce: Self.counting(to: 1_000))
        #expect(try ahead.next() == 1)
        // The batch taken and the four the hand-over holds: then the source waits.
        let deadline = Date().addingTimeInterval(5)
        while ahead.handedOver < 50 && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(ahead.handedOver == 50)
        Thread.sleep(forTimeInterval: 0.05)
        #expect(ahead.handedOver == 50)
        var taken = 1
        while try ahead.next() != nil { taken += 1 }
        #expect(taken == 1_000 && ahead.handedOver == 1_000)
    }

    struct Bad: Error, Equatable { let at: Int }

    @Test("the source's error comes after the items before it, not before")
    func errorInPlace() throws {
        var next = 0
        let ahead = ReadAhead<Int>(name: "test", batchSize: 16, batches: 2) {
            next += 1
            if next == 600 { throw Bad(at: next) }
            return next
        }
        var seen = 0
        #expect(throws: Bad(at: 600)) {
            while try ahead.next() != nil { seen += 1 }
        }
        #expect(seen == 599)
    }

    /// Owned by the producing closure: its release tells that the read-ahead thread ended and let go of its source.
    final class Source: Sendable {
        let made = Made()
        let released: Made
        init(released: Made) { self.released = released }
        deinit { released.count.store(1, ordering: .relaxed) }
        func next() -> Int? {
            made.count.add(1, ordering: .relaxed)
            return 1
        }
    }

    @Test("the producer stays a few batches ahead, and ends, letting go of its source, when the reader is dropped")
    func boundedAndStopped() throws {
        let released = Made()
        var source: Source? = Source(released: released)
        let made = source!.made
        var ahead: ReadAhead<Int>? = ReadAhead(name: "test", batchSize: 10, batches: 2) { [source] in source!.next() }
        source = nil
        _ = try ahead?.next()
        Thread.sleep(forTimeInterval: 0.2)
        // The batch taken, two queued and one waiting to go in: an endless source does not run away.
        #expect(made.count.load(ordering: .relaxed) <= 40)
        #expect(released.count.load(ordering: .relaxed) == 0)
        ahead = nil
        let deadline = Date().addingTimeInterval(5)
        while released.count.load(ordering: .relaxed) == 0 && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(released.count.load(ordering: .relaxed) == 1)
    }

    /// An item that counts its releases.
    final class Tracked: Sendable {
        let released: Made
        init(released: Made) { self.released = released }
        deinit { released.count.add(1, ordering: .relaxed) }
    }

    @Test("every item is released once: those taken, and those left in batches when the reader is dropped")
    func itemsReleasedOnce() throws {
        let released = Made()
        let made = Made()
        var ahead: ReadAhead<Tracked>? = ReadAhead(name: "test", batchSize: 8, batches: 2) {
            guard made.count.load(ordering: .relaxed) < 100 else { return nil }
            made.count.add(1, ordering: .relaxed)
            return Tracked(released: released)
        }
        for _ in 0..<4 { _ = try ahead?.next() }
        #expect(released.count.load(ordering: .relaxed) == 4)
        // Half a batch taken; the rest of it, the batches waiting and the one being put go with the reader.
        Thread.sleep(forTimeInterval: 0.1)
        #expect(made.count.load(ordering: .relaxed) == 32)
        ahead = nil
        let deadline = Date().addingTimeInterval(5)
        while released.count.load(ordering: .relaxed) < 32 && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        Thread.sleep(forTimeInterval: 0.05)
        #expect(released.count.load(ordering: .relaxed) == 32)
    }
}

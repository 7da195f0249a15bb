import Foundation

/// Strings for cell texts that recur down an export, such as account codes and names: the same few thousand come
/// back under every sub kegiatan. A text seen before costs a hash and a compare of its bytes instead of a new string,
/// whose allocation on the reading thread and release on the writing thread cost more (a budget import's lines each
/// made two). A direct-mapped table of `slotCount` entries: a text that collides replaces the one before, so a file of
/// distinct texts costs a hash per text and no more memory.
package struct RecurringText {
    private var slots: [(hash: UInt64, text: String)?]
    private let mask: Int

    package init(slotCount: Int = 4096) {
        precondition(slotCount > 0 && slotCount & (slotCount - 1) == 0, "slotCount must be a power of two")
        slots = Array(repeating: nil, count: slotCount)
        mask = slotCount - 1
    }

    package mutating func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        // Up to 15 bytes a string is stored inline and allocates nothing.
        guard bytes.count > 15 else { return String(decoding: bytes, as: UTF8.self) }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let slot = Int(truncatingIfNeeded: hash ^ (hash >> 32)) & mask
        if let (kept, text) = slots[slot], kept == hash, Self.equal(text, bytes) { return text }
        let text = String(decoding: bytes, as: UTF8.self)
        slots[slot] = (hash, text)
        return text
    }

    private static func equal(_ text: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        text.utf8.withContiguousStorageIfAvailable {
            $0.count == bytes.count && memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0
        } ?? false
    }
}

import Foundation

/// A pull source of raw bytes in chunks, so parsers never hold a whole file.
public protocol ChunkSource: AnyObject {
    /// The next chunk, or nil at the end. Throws the underlying I/O or decompression error.
    func nextChunk() throws -> Data?
}

/// A chunk already read (to tell the file's kind), then the rest of its source.
final class PrependedChunkSource: ChunkSource {
    private var first: Data?
    private let rest: any ChunkSource

    init(_ first: Data, then rest: any ChunkSource) {
        self.first = first
        self.rest = rest
    }

    func nextChunk() throws -> Data? {
        if let first = first.take() { return first }
        return try rest.nextChunk()
    }
}

import Foundation

/// A pull source of raw bytes in chunks, so parsers never hold a whole file.
protocol ChunkSource: AnyObject {
    /// The next chunk, or nil at the end. Throws the underlying I/O or decompression error.
    func nextChunk() throws -> Data?
}

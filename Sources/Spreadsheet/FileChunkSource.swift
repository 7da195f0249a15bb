import Foundation

/// Reads a file in fixed-size chunks.
final class FileChunkSource: ChunkSource {
    static let chunkSize = 64 * 1024
    private let handle: FileHandle

    init(handle: FileHandle) {
        self.handle = handle
    }

    deinit {
        try? handle.close()
    }

    func nextChunk() throws -> Data? {
        guard let data = try handle.read(upToCount: Self.chunkSize), !data.isEmpty else { return nil }
        return data
    }
}

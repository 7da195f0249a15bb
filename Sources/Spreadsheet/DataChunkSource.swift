import Foundation

/// Hands out in-memory bytes in chunks, so in-memory input goes through the same parsers as files.
final class DataChunkSource: ChunkSource {
    private let data: Data
    private var offset: Int

    init(data: Data) {
        self.data = data
        self.offset = data.startIndex
    }

    func nextChunk() throws -> Data? {
        guard offset < data.endIndex else { return nil }
        let end = min(offset + FileChunkSource.chunkSize, data.endIndex)
        defer { offset = end }
        return data.subdata(in: offset..<end)
    }
}

import Foundation
import ZIPFoundation

/// Streams one zip entry's decompressed bytes as pull chunks.
///
/// ZIPFoundation only pushes chunks into a callback, so a producer thread runs the extraction and hands chunks
/// over a small bounded queue: memory stays at a few chunks whatever the entry size. Dropping the stream
/// cancels the producer. More than `maxBytes` decompressed (a zip bomb) ends the stream with an error naming the
/// part, whatever size the archive's directory claims.
final class ZipEntryStream: ChunkSource {
    private let channel = HandOver<Data>(capacity: 4)

    init(archive source: ArchiveSource, entry path: String, maxBytes: Int64, displayName: String) {
        let channel = self.channel
        let thread = Thread {
            do {
                let archive = try source.open()
                guard let entry = archive[path] else { throw Archive.ArchiveError.invalidEntryPath }
                var total: Int64 = 0
                let checksum = try archive.extract(entry, bufferSize: FileChunkSource.chunkSize) { data in
                    total += Int64(data.count)
                    if total > maxBytes {
                        throw SpreadsheetError(
                            .tooLarge, file: displayName,
                            message:
                                "bagian \(path) lebih besar dari \(SpreadsheetError.size(maxBytes)) setelah didekompresi "
                                + "(bom zip atau berkas rusak)")
                    }
                    try channel.put(data)
                }
                if checksum != entry.checksum { throw Archive.ArchiveError.invalidCRC32 }
                channel.finish(nil)
            } catch {
                channel.finish(error)
            }
        }
        thread.start()
    }

    deinit {
        channel.cancel()
    }

    func nextChunk() throws -> Data? {
        try channel.take()
    }
}

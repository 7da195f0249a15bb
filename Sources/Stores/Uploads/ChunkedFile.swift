import Foundation

/// A file read in chunks into the caller's buffer with read(2), closed when released.
package final class ChunkedFile {
    private let fd: Int32
    private let path: String

    package init(path: String) throws {
        fd = open(path, O_RDONLY)
        self.path = path
        guard fd >= 0 else { throw UploadError("cannot read \(path)") }
    }

    deinit { close(fd) }

    /// Fills `buffer` from the start as far as the file goes; the number of bytes read, 0 at the end.
    package func read(into buffer: inout [UInt8]) throws -> Int {
        var filled = 0
        while filled < buffer.count {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if n < 0 {
                if errno == EINTR { continue }
                throw UploadError("cannot read \(path): error \(errno)")
            }
            if n == 0 { break }
            filled += n
        }
        return filled
    }
}

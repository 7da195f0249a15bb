import Foundation
import ZIPFoundation

/// Where a zip archive lives; Sendable so each reading thread can open its own `Archive`.
enum ArchiveSource: Sendable {
    case file(URL)
    case data(Data)

    func open() throws -> Archive {
        switch self {
        case .file(let url): try Archive(url: url, accessMode: .read)
        case .data(let data): try Archive(data: data, accessMode: .read)
        }
    }
}

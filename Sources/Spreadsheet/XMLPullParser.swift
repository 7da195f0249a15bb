import Foundation

/// A small pull tokenizer for the XML inside XLSX files, reading chunk by chunk with a flat memory footprint.
///
/// Hand-written because Foundation's `XMLParser` only pushes events from inside `parse()` (a pull `RowReader` on
/// top of it needs another thread) and builds a String per element name and an attribute dictionary per
/// element; this one hands out byte ranges into its buffer and decodes only what the caller asks for.
/// It supports what spreadsheet XML uses: elements, attributes, text, the five predefined entities and
/// character references, CDATA; comments, processing instructions and DOCTYPE are skipped. No DTD entities,
/// no validation, UTF-8 only. Names are compared by local name (a `x:` prefix is ignored).
///
/// Names, attributes and text of the current event stay valid until the next call to `next()`.
struct XMLPullParser {
    enum Event { case start, end, text, endOfDocument }

    private static let lt = UInt8(ascii: "<"), gt = UInt8(ascii: ">"), slash = UInt8(ascii: "/")
    private static let amp = UInt8(ascii: "&"), colon = UInt8(ascii: ":"), equal = UInt8(ascii: "=")

    private let source: any ChunkSource
    private let maxTokenBytes: Int
    private var buffer: [UInt8] = []
    private var pos = 0
    private var atEnd = false
    private var pendingEnd = false
    private var nameRange = 0..<0
    private var textRange = 0..<0
    /// The text is CDATA, which must not be entity-decoded.
    private var textIsLiteral = false
    private var attributes: [(name: Range<Int>, value: Range<Int>)] = []

    init(source: any ChunkSource, maxTokenBytes: Int) {
        self.source = source
        self.maxTokenBytes = maxTokenBytes
    }

    mutating func next() throws -> Event {
        if pendingEnd {
            pendingEnd = false
            return .end
        }
        while true {
            if pos >= buffer.count {
                guard try load() else { return .endOfDocument }
            }
            if buffer[pos] != Self.lt {
                let length = try offset(of: [Self.lt]) ?? buffer.count - pos
                textRange = pos..<pos + length
                textIsLiteral = false
                pos += length
                return .text
            }
            guard let event = try tag() else { continue }
            return event
        }
    }

    /// True if the current element's local name is `name`.
    func nameIs(_ name: [UInt8]) -> Bool {
        buffer[nameRange].elementsEqual(name)
    }

    var name: String { String(decoding: buffer[nameRange], as: UTF8.self) }

    /// Raw (undecoded) value of the attribute with this local name on the current start tag.
    func rawAttribute(_ name: [UInt8]) -> ArraySlice<UInt8>? {
        for attribute in attributes where buffer[attribute.name].elementsEqual(name) {
            return buffer[attribute.value]
        }
        return nil
    }

    func attribute(_ name: [UInt8]) -> String? {
        rawAttribute(name).map { raw in
            var out: [UInt8] = []
            Self.decode(raw, into: &out)
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Appends the current text event, entities decoded, to `out`.
    func appendText(to out: inout [UInt8]) {
        if textIsLiteral {
            out.append(contentsOf: buffer[textRange])
        } else {
            Self.decode(buffer[textRange], into: &out)
        }
    }

    /// Parses the markup at `pos`; nil for skipped markup (comments, declarations).
    private mutating func tag() throws -> Event? {
        guard try ensure(2) else { throw XMLSyntaxError(description: "XML ends inside a tag") }
        // Only `<!` and `<?` need the (rarer) markup checks; plain tags skip them.
        let second = buffer[pos + 1]
        if second == UInt8(ascii: "!"), try starts(with: Markup.comment) {
            return try skip(through: Markup.commentEnd)
        }
        if second == UInt8(ascii: "!"), try starts(with: Markup.cdata) {
            guard let length = try offset(of: Markup.cdataEnd) else {
                throw XMLSyntaxError(description: "unclosed CDATA")
            }
            textRange = pos + 9..<pos + length
            textIsLiteral = true
            pos += length + 3
            return .text
        }
        if second == UInt8(ascii: "?") { return try skip(through: Markup.instructionEnd) }
        guard let length = try tagLength() else { throw XMLSyntaxError(description: "unclosed tag at end of XML") }
        let start = pos
        let end = pos + length  // index of ">"
        pos = end + 1
        if buffer[start + 1] == UInt8(ascii: "!") { return nil }  // DOCTYPE
        if buffer[start + 1] == Self.slash {
            nameRange = localName(start + 2..<trimEnd(start + 2, end))
            return .end
        }
        var bodyEnd = end
        if buffer[end - 1] == Self.slash {
            pendingEnd = true
            bodyEnd -= 1
        }
        var index = start + 1
        while index < bodyEnd && !Self.isSpace(buffer[index]) { index += 1 }
        nameRange = localName(start + 1..<index)
        attributes.removeAll(keepingCapacity: true)
        try parseAttributes(from: index, to: bodyEnd)
        return .start
    }

    private mutating func parseAttributes(from start: Int, to end: Int) throws {
        var index = start
        while true {
            while index < end && Self.isSpace(buffer[index]) { index += 1 }
            guard index < end else { return }
            let nameStart = index
            while index < end && buffer[index] != Self.equal && !Self.isSpace(buffer[index]) { index += 1 }
            let attributeName = localName(nameStart..<index)
            while index < end && Self.isSpace(buffer[index]) { index += 1 }
            guard index < end, buffer[index] == Self.equal else {
                throw XMLSyntaxError(description: "attribute without a value in <\(name)>")
            }
            index += 1
            while index < end && Self.isSpace(buffer[index]) { index += 1 }
            guard index < end, buffer[index] == UInt8(ascii: "\"") || buffer[index] == UInt8(ascii: "'") else {
                throw XMLSyntaxError(description: "unquoted attribute value in <\(name)>")
            }
            let quote = buffer[index]
            let valueStart = index + 1
            index = valueStart
            while index < end && buffer[index] != quote { index += 1 }
            guard index < end else { throw XMLSyntaxError(description: "unclosed attribute value in <\(name)>") }
            attributes.append((attributeName, valueStart..<index))
            index += 1
        }
    }

    private enum Markup {
        static let comment = Array("<!--".utf8), commentEnd = Array("-->".utf8)
        static let cdata = Array("<![CDATA[".utf8), cdataEnd = Array("]]>".utf8)
        static let instructionEnd = Array("?>".utf8)
    }

    private mutating func skip(through terminator: [UInt8]) throws -> Event? {
        guard let length = try offset(of: terminator) else {
            throw XMLSyntaxError(description: "unclosed \(String(decoding: terminator, as: UTF8.self)) markup")
        }
        pos += length + terminator.count
        return nil
    }

    private mutating func starts(with prefix: [UInt8]) throws -> Bool {
        try ensure(prefix.count) && buffer[pos..<pos + prefix.count].elementsEqual(prefix)
    }

    /// Loads input until `count` bytes from `pos` are buffered; false if the input ends first.
    private mutating func ensure(_ count: Int) throws -> Bool {
        while buffer.count - pos < count {
            guard try load() else { return false }
        }
        return true
    }

    /// Offset from `pos` of the `>` ending the tag at `pos`, skipping `>` inside quoted attribute values.
    private mutating func tagLength() throws -> Int? {
        var index = pos + 1
        var quote: UInt8 = 0
        while true {
            let found: Int? = buffer.withUnsafeBufferPointer { bytes in
                while index < bytes.count {
                    let byte = bytes[index]
                    if quote != 0 {
                        if byte == quote { quote = 0 }
                    } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                        quote = byte
                    } else if byte == Self.gt {
                        return index
                    }
                    index += 1
                }
                return nil
            }
            if let found { return found - pos }
            let scanned = index - pos
            guard try load() else { return nil }
            index = pos + scanned
        }
    }

    /// Offset from `pos` of the first occurrence of `needle`, loading more input as needed.
    private mutating func offset(of needle: [UInt8]) throws -> Int? {
        var index = pos
        while true {
            let found: Int? = buffer.withUnsafeBufferPointer { bytes in
                let first = needle[0]
                while index + needle.count <= bytes.count {
                    if bytes[index] == first
                        && (needle.count == 1 || bytes[index..<index + needle.count].elementsEqual(needle))
                    {
                        return index
                    }
                    index += 1
                }
                return nil
            }
            if let found { return found - pos }
            let scanned = index - pos
            guard try load() else { return nil }
            index = pos + scanned
        }
    }

    /// Appends the next chunk, first dropping consumed bytes; false at the end of input.
    private mutating func load() throws -> Bool {
        guard !atEnd else { return false }
        if buffer.count - pos > maxTokenBytes {
            throw XMLSyntaxError(description: "an XML element or text is larger than \(maxTokenBytes) bytes")
        }
        guard let data = try source.nextChunk() else {
            atEnd = true
            return false
        }
        if pos > 0 {
            buffer.removeSubrange(0..<pos)
            pos = 0
        }
        buffer.append(contentsOf: data)
        return true
    }

    private func trimEnd(_ start: Int, _ end: Int) -> Int {
        var end = end
        while end > start && Self.isSpace(buffer[end - 1]) { end -= 1 }
        return end
    }

    private func localName(_ range: Range<Int>) -> Range<Int> {
        guard let colon = buffer[range].firstIndex(of: Self.colon) else { return range }
        return colon + 1..<range.upperBound
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    /// Decodes `&lt;` `&gt;` `&amp;` `&quot;` `&apos;` and `&#..;` references; anything else is kept as is.
    static func decode(_ raw: ArraySlice<UInt8>, into out: inout [UInt8]) {
        guard raw.contains(amp) else {
            out.append(contentsOf: raw)
            return
        }
        var index = raw.startIndex
        while index < raw.endIndex {
            let byte = raw[index]
            guard byte == amp, let semicolon = raw[index...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else {
                out.append(byte)
                index += 1
                continue
            }
            let entity = raw[index + 1..<semicolon]
            if let replacement = character(entity) {
                out.append(contentsOf: replacement)
                index = semicolon + 1
            } else {
                out.append(byte)
                index += 1
            }
        }
    }

    private static func character(_ entity: ArraySlice<UInt8>) -> [UInt8]? {
        switch String(decoding: entity, as: UTF8.self) {
        case "lt": return [lt]
        case "gt": return [gt]
        case "amp": return [amp]
        case "quot": return [UInt8(ascii: "\"")]
        case "apos": return [UInt8(ascii: "'")]
        case let reference where reference.hasPrefix("#"):
            let digits = reference.dropFirst()
            let value = digits.hasPrefix("x") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
            guard let value, let scalar = UnicodeScalar(value) else { return nil }
            return Array(String(Character(scalar)).utf8)
        default: return nil
        }
    }
}

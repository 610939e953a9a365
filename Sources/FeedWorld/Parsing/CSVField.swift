/// The extent of one field of an RFC 4180 CSV record: plain, or quoted with `""` for a quote.
struct CSVField {
    /// The field's content (inside the quotes when quoted, still escaped).
    var content: Range<Int>
    /// Whether the quoted content contains `""` pairs that must be unescaped.
    var hasEscapedQuotes: Bool
    /// Offset of the separating comma, or the line's length for the last field.
    var next: Int

    /// Scans the field starting at `start`.
    static func scan(_ line: UnsafeRawBufferPointer, at start: Int) throws(RowParseError) -> CSVField {
        let count = line.count
        guard start < count, line[start] == UInt8(ascii: "\"") else {
            var index = start
            while index < count, line[index] != UInt8(ascii: ",") {
                if line[index] == UInt8(ascii: "\"") {
                    throw RowParseError(.malformed("quote inside an unquoted CSV field"), offset: index)
                }
                index += 1
            }
            return CSVField(content: start..<index, hasEscapedQuotes: false, next: index)
        }
        var index = start + 1
        var hasEscapedQuotes = false
        while index < count {
            if line[index] == UInt8(ascii: "\"") {
                if index + 1 < count, line[index + 1] == UInt8(ascii: "\"") {
                    hasEscapedQuotes = true
                    index += 2
                    continue
                }
                let after = index + 1
                guard after == count || line[after] == UInt8(ascii: ",") else {
                    throw RowParseError(.malformed("expected ',' after a quoted CSV field"), offset: after)
                }
                return CSVField(content: (start + 1)..<index, hasEscapedQuotes: hasEscapedQuotes, next: after)
            }
            index += 1
        }
        throw RowParseError(.malformed("unterminated quoted CSV field"), offset: start)
    }

    /// Calls `body` with the unescaped content of the field.
    func withContent<Result>(
        in line: UnsafeRawBufferPointer,
        _ body: (UnsafeRawBufferPointer) throws(RowParseError) -> Result
    ) throws(RowParseError) -> Result {
        let raw = UnsafeRawBufferPointer(rebasing: line[content])
        guard hasEscapedQuotes else { return try body(raw) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: raw.count, alignment: 1)
        defer { buffer.deallocate() }
        var written = 0
        var index = 0
        while index < raw.count {
            buffer[written] = raw[index]
            written += 1
            index += raw[index] == UInt8(ascii: "\"") ? 2 : 1
        }
        return try body(UnsafeRawBufferPointer(rebasing: buffer[0..<written]))
    }

    /// Splits a whole line into unescaped field strings (for headers).
    static func strings(of line: UnsafeRawBufferPointer) throws(RowParseError) -> [String] {
        var fields: [String] = []
        var position = 0
        while true {
            let field = try scan(line, at: position)
            fields.append(try field.withContent(in: line) { String(decoding: $0, as: UTF8.self) })
            if field.next >= line.count { return fields }
            position = field.next + 1
        }
    }
}

/// Trims one line and hands it to the JSON or CSV scanner of the layout's format.
enum LineDispatch {
    /// Parses `line` (a trailing `\n`/`\r` and a leading UTF-8 byte-order mark are ignored).
    static func parse<Builder: RowFieldBuilder>(
        _ line: UnsafeRawBufferPointer, as builderType: Builder.Type, layout: RowLayout
    ) throws(RowParseError) -> Builder.Row {
        let trimmed = trim(line)
        guard !isBlank(trimmed) else { throw RowParseError(.emptyLine) }
        switch layout.format {
        case .jsonl: return try JSONLineScanner.parse(trimmed, as: builderType, options: layout.options)
        case .csv: return try CSVLineScanner.parse(trimmed, as: builderType, layout: layout)
        }
    }

    /// `line` without a trailing line terminator and without a leading byte-order mark.
    static func trim(_ line: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var start = 0
        var end = line.count
        while end > 0, line[end - 1] == 0x0A || line[end - 1] == 0x0D { end -= 1 }
        if end >= 3, line[0] == 0xEF, line[1] == 0xBB, line[2] == 0xBF { start = 3 }
        return UnsafeRawBufferPointer(rebasing: line[start..<end])
    }

    /// Whether the line holds only whitespace.
    static func isBlank(_ line: UnsafeRawBufferPointer) -> Bool {
        for byte in line where byte != 0x20 && byte != 0x09 { return false }
        return true
    }
}

/// Parses one CSV record into a row, mapping columns to fields with the layout's header order.
enum CSVLineScanner {
    /// Parses `line` as one record with the fields of `Builder`.
    static func parse<Builder: RowFieldBuilder>(
        _ line: UnsafeRawBufferPointer, as builderType: Builder.Type, layout: RowLayout
    ) throws(RowParseError) -> Builder.Row {
        var builder = Builder()
        let columns = layout.columnFields
        var column = 0
        var position = 0
        while true {
            let field = try CSVField.scan(line, at: position)
            let fieldIndex = column < columns.count ? columns[column] : -1
            if fieldIndex >= 0 {
                try field.withContent(in: line) { (content: UnsafeRawBufferPointer) throws(RowParseError) in
                    var reader = CSVFieldReader(bytes: content, base: field.content.lowerBound)
                    try builder.assign(field: fieldIndex, from: &reader, options: layout.options)
                }
            }
            column += 1
            if field.next >= line.count { break }
            position = field.next + 1
        }
        guard column == columns.count else {
            throw RowParseError(.columnCount(expected: columns.count, found: column))
        }
        return try builder.build()
    }
}

/// Parses the lines of one load file into rows of type `Row`, strictly.
///
/// One parser per file. For CSV, hand it the header line first with ``readCSVHeader(_:)``: columns
/// may come in any order and unknown columns are ignored. Without a header, the canonical order
/// (``LoadRow/fieldNames``) is assumed. Every bad line yields a ``RowParseError`` with a reason:
/// a missing field, a value outside its vocabulary, a non-finite or non-integer number, a negative
/// id, a wrong topic dimension, bad syntax. Unknown JSON keys are ignored.
///
/// ```swift
/// var parser = RowParser<ActionRow>(format: .csv)
/// try parser.readCSVHeader("user,post,action,at")
/// let row = try parser.parse("42,7,like,1767225600.5")
/// ```
public struct RowParser<Row: LoadRow>: Sendable {
    /// The layout lines are read with.
    public private(set) var layout: RowLayout

    /// Creates a parser for `format` with validation `options`.
    public init(format: LoadFileFormat, options: RowParseOptions = RowParseOptions()) {
        layout = RowLayout(format: format, options: options, fieldCount: Row.fieldNames.count)
    }

    /// Reads the CSV header line: maps its columns to fields. Fails when a field has no column or
    /// a column appears twice. Must not be called for JSONL.
    public mutating func readCSVHeader(_ line: UnsafeRawBufferPointer) throws(RowParseError) {
        precondition(layout.format == .csv, "only CSV files have a header")
        let names = try CSVField.strings(of: LineDispatch.trim(line))
        var columnFields = [Int](repeating: -1, count: names.count)
        var found = Set<Int>()
        for (column, name) in names.enumerated() {
            let cleaned = name.trimmingASCIISpaces()
            guard let field = Row.fieldNames.firstIndex(of: cleaned) else { continue }
            guard found.insert(field).inserted else {
                throw RowParseError(.malformed("column \"\(cleaned)\" appears twice in the CSV header"))
            }
            columnFields[column] = field
        }
        for (field, name) in Row.fieldNames.enumerated() where !found.contains(field) {
            throw RowParseError(.missingColumn(name))
        }
        layout.columnFields = columnFields
    }

    /// Reads the CSV header line given as a string.
    public mutating func readCSVHeader(_ line: String) throws(RowParseError) {
        let bytes = Array(line.utf8)
        let result = bytes.withUnsafeBytes { raw -> Result<RowLayout, RowParseError> in
            var copy = self
            do throws(RowParseError) {
                try copy.readCSVHeader(raw)
                return .success(copy.layout)
            } catch {
                return .failure(error)
            }
        }
        layout = try result.get()
    }

    /// Parses one line (a trailing newline is allowed).
    public func parse(_ line: UnsafeRawBufferPointer) throws(RowParseError) -> Row {
        try Row(parsing: line, layout: layout)
    }

    /// Parses one line given as bytes.
    public func parse(_ line: [UInt8]) throws(RowParseError) -> Row {
        let result = line.withUnsafeBytes { raw -> Result<Row, RowParseError> in
            do throws(RowParseError) {
                return .success(try Row(parsing: raw, layout: layout))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Parses one line given as a string.
    public func parse(_ line: String) throws(RowParseError) -> Row {
        try parse(Array(line.utf8))
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    func trimmingASCIISpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}

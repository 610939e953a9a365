/// How the lines of one file are laid out: format, CSV column order and validation options.
///
/// Built by ``RowParser``; a CSV layout starts in canonical column order and follows the header
/// once ``RowParser/readCSVHeader(_:)`` has read it.
public struct RowLayout: Sendable, Hashable {
    /// JSONL or CSV.
    public let format: LoadFileFormat
    /// Validation switches.
    public var options: RowParseOptions
    /// For CSV: the row field index of each column, or -1 for a column to ignore.
    var columnFields: [Int]

    /// A layout for rows with `fieldCount` fields in canonical column order.
    init(format: LoadFileFormat, options: RowParseOptions, fieldCount: Int) {
        self.format = format
        self.options = options
        columnFields = Array(0..<fieldCount)
    }
}

/// A row of one of the load files: encodable to a JSONL or CSV line and parseable from one.
///
/// Field names are the JSON keys and the CSV header columns alike (snake_case). Every row type
/// also conforms to `Codable` with the same keys, for callers that prefer `JSONEncoder`.
public protocol LoadRow: Codable, Sendable, Hashable {
    /// The load file that holds rows of this type.
    static var file: LoadFile { get }

    /// The field names in canonical order: the JSON keys and the CSV header.
    static var fieldNames: [String] { get }

    /// Appends the row as one JSON object and a newline.
    func appendJSONLine(to buffer: inout [UInt8])

    /// Appends the row as one CSV record (canonical column order) and a newline.
    func appendCSVLine(to buffer: inout [UInt8])

    /// Parses one line (without its line terminator; a trailing `\r` is ignored) laid out as
    /// `layout` says. Prefer ``RowParser``, which builds the layout.
    init(parsing line: UnsafeRawBufferPointer, layout: RowLayout) throws(RowParseError)
}

extension LoadRow {
    /// The CSV header line (without newline), e.g. `user,post,action,at`.
    public static var csvHeader: String {
        fieldNames.joined(separator: ",")
    }

    /// Appends the row as one line of `format`, newline included.
    public func appendLine(to buffer: inout [UInt8], format: LoadFileFormat) {
        switch format {
        case .jsonl: appendJSONLine(to: &buffer)
        case .csv: appendCSVLine(to: &buffer)
        }
    }

    /// The row as one JSONL line, without the newline.
    public var jsonLine: String {
        var buffer: [UInt8] = []
        appendJSONLine(to: &buffer)
        buffer.removeLast()
        return String(decoding: buffer, as: UTF8.self)
    }

    /// The row as one CSV record, without the newline.
    public var csvLine: String {
        var buffer: [UInt8] = []
        appendCSVLine(to: &buffer)
        buffer.removeLast()
        return String(decoding: buffer, as: UTF8.self)
    }
}

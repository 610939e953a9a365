/// One session start (app open), a line of `logins.jsonl` / `logins.csv`.
///
/// JSONL: `{"user":1,"at":1767225600.5}`; CSV header `user,at`. Generated files are sorted by `at`.
public struct LoginRow: LoadRow {
    /// The user who opened the app.
    public var user: Int64
    /// When, in Unix seconds.
    public var at: Double

    /// Creates a row.
    public init(user: Int64, at: Double) {
        self.user = user
        self.at = at
    }

    /// ``LoadFile/logins``.
    public static let file = LoadFile.logins
    /// `user`, `at`.
    public static let fieldNames = Fields.fieldKeys.map(\.description)

    /// Appends `{"user":…,"at":…}` and a newline.
    public func appendJSONLine(to buffer: inout [UInt8]) {
        buffer.appendASCII("{\"user\":")
        buffer.appendInteger(user)
        buffer.appendASCII(",\"at\":")
        buffer.appendNumber(at)
        buffer.appendASCII("}\n")
    }

    /// Appends `user,at` values and a newline.
    public func appendCSVLine(to buffer: inout [UInt8]) {
        buffer.appendInteger(user)
        buffer.appendByte(",")
        buffer.appendNumber(at)
        buffer.appendByte("\n")
    }

    /// Parses one line; see ``RowParser``.
    public init(parsing line: UnsafeRawBufferPointer, layout: RowLayout) throws(RowParseError) {
        self = try LineDispatch.parse(line, as: Fields.self, layout: layout)
    }

    struct Fields: RowFieldBuilder {
        static let fieldKeys: [StaticString] = ["user", "at"]
        var user: Int64?
        var at: Double?

        mutating func assign(field: Int, from reader: inout some FieldValueReader, options: RowParseOptions) throws(RowParseError) {
            switch field {
            case 0: user = try reader.readID(field: "user")
            default: at = try reader.readDouble(field: "at")
            }
        }

        func build() throws(RowParseError) -> LoginRow {
            guard let user else { throw RowParseError(.missingField("user")) }
            guard let at else { throw RowParseError(.missingField("at")) }
            return LoginRow(user: user, at: at)
        }
    }
}

/// One account, a line of `users.jsonl` / `users.csv`.
///
/// JSONL: `{"id":1,"created_at":1767225600.5,"platform":"ios"}`; CSV header `id,created_at,platform`.
public struct UserRow: LoadRow {
    /// The user's id (non-negative).
    public var id: Int64
    /// When the account was created, in Unix seconds.
    public var createdAt: Double
    /// The client the user mainly reads from.
    public var platform: Platform

    /// The client a user reads from.
    public enum Platform: String, CaseIterable, Codable, Sendable {
        case ios
        case android
        case web

        var literal: StaticString {
            switch self {
            case .ios: "ios"
            case .android: "android"
            case .web: "web"
            }
        }
    }

    /// Creates a row.
    public init(id: Int64, createdAt: Double, platform: Platform) {
        self.id = id
        self.createdAt = createdAt
        self.platform = platform
    }

    enum CodingKeys: String, CodingKey {
        case id
        case createdAt = "created_at"
        case platform
    }

    /// ``LoadFile/users``.
    public static let file = LoadFile.users
    /// `id`, `created_at`, `platform`.
    public static let fieldNames = Fields.fieldKeys.map(\.description)

    /// Appends `{"id":…,"created_at":…,"platform":"…"}` and a newline.
    public func appendJSONLine(to buffer: inout [UInt8]) {
        buffer.appendASCII("{\"id\":")
        buffer.appendInteger(id)
        buffer.appendASCII(",\"created_at\":")
        buffer.appendNumber(createdAt)
        buffer.appendASCII(",\"platform\":\"")
        buffer.appendASCII(platform.literal)
        buffer.appendASCII("\"}\n")
    }

    /// Appends `id,created_at,platform` values and a newline.
    public func appendCSVLine(to buffer: inout [UInt8]) {
        buffer.appendInteger(id)
        buffer.appendByte(",")
        buffer.appendNumber(createdAt)
        buffer.appendByte(",")
        buffer.appendASCII(platform.literal)
        buffer.appendByte("\n")
    }

    /// Parses one line; see ``RowParser``.
    public init(parsing line: UnsafeRawBufferPointer, layout: RowLayout) throws(RowParseError) {
        self = try LineDispatch.parse(line, as: Fields.self, layout: layout)
    }

    struct Fields: RowFieldBuilder {
        static let fieldKeys: [StaticString] = ["id", "created_at", "platform"]
        var id: Int64?
        var createdAt: Double?
        var platform: Platform?

        mutating func assign(field: Int, from reader: inout some FieldValueReader, options: RowParseOptions) throws(RowParseError) {
            switch field {
            case 0: id = try reader.readID(field: "id")
            case 1: createdAt = try reader.readDouble(field: "created_at")
            default: platform = try reader.readEnum(Platform.self, field: "platform")
            }
        }

        func build() throws(RowParseError) -> UserRow {
            guard let id else { throw RowParseError(.missingField("id")) }
            guard let createdAt else { throw RowParseError(.missingField("created_at")) }
            guard let platform else { throw RowParseError(.missingField("platform")) }
            return UserRow(id: id, createdAt: createdAt, platform: platform)
        }
    }
}

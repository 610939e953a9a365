/// One follow edge, a line of `follows.jsonl` / `follows.csv`: `follower` sees `followee`'s posts.
///
/// JSONL: `{"follower":1,"followee":2,"created_at":1767225600.5}`; CSV header `follower,followee,created_at`.
public struct FollowRow: LoadRow {
    /// The user who follows.
    public var follower: Int64
    /// The author followed.
    public var followee: Int64
    /// When the follow was made, in Unix seconds.
    public var createdAt: Double

    /// Creates a row.
    public init(follower: Int64, followee: Int64, createdAt: Double) {
        self.follower = follower
        self.followee = followee
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case follower
        case followee
        case createdAt = "created_at"
    }

    /// ``LoadFile/follows``.
    public static let file = LoadFile.follows
    /// `follower`, `followee`, `created_at`.
    public static let fieldNames = Fields.fieldKeys.map(\.description)

    /// Appends `{"follower":…,"followee":…,"created_at":…}` and a newline.
    public func appendJSONLine(to buffer: inout [UInt8]) {
        buffer.appendASCII("{\"follower\":")
        buffer.appendInteger(follower)
        buffer.appendASCII(",\"followee\":")
        buffer.appendInteger(followee)
        buffer.appendASCII(",\"created_at\":")
        buffer.appendNumber(createdAt)
        buffer.appendASCII("}\n")
    }

    /// Appends `follower,followee,created_at` values and a newline.
    public func appendCSVLine(to buffer: inout [UInt8]) {
        buffer.appendInteger(follower)
        buffer.appendByte(",")
        buffer.appendInteger(followee)
        buffer.appendByte(",")
        buffer.appendNumber(createdAt)
        buffer.appendByte("\n")
    }

    /// Parses one line; see ``RowParser``.
    public init(parsing line: UnsafeRawBufferPointer, layout: RowLayout) throws(RowParseError) {
        self = try LineDispatch.parse(line, as: Fields.self, layout: layout)
    }

    struct Fields: RowFieldBuilder {
        static let fieldKeys: [StaticString] = ["follower", "followee", "created_at"]
        var follower: Int64?
        var followee: Int64?
        var createdAt: Double?

        mutating func assign(field: Int, from reader: inout some FieldValueReader, options: RowParseOptions) throws(RowParseError) {
            switch field {
            case 0: follower = try reader.readID(field: "follower")
            case 1: followee = try reader.readID(field: "followee")
            default: createdAt = try reader.readDouble(field: "created_at")
            }
        }

        func build() throws(RowParseError) -> FollowRow {
            guard let follower else { throw RowParseError(.missingField("follower")) }
            guard let followee else { throw RowParseError(.missingField("followee")) }
            guard let createdAt else { throw RowParseError(.missingField("created_at")) }
            return FollowRow(follower: follower, followee: followee, createdAt: createdAt)
        }
    }
}

/// One post, a line of `posts.jsonl` / `posts.csv`.
///
/// JSONL: `{"id":7,"author":2,"created_at":1767225600.5,"media":"image","topics":[0.8,0.6,0,…]}`.
/// CSV header `id,author,created_at,media,topics`, with the topic weights `;`-separated in one
/// column: `7,2,1767225600.5,image,0.8;0.6;0;…`. Topics have a fixed dimension per world (16 by
/// default) and are L2-normalized, non-negative weights.
public struct PostRow: LoadRow {
    /// The post's id (non-negative). Generated ids grow with `createdAt`.
    public var id: Int64
    /// The user who wrote it.
    public var author: Int64
    /// When it was posted, in Unix seconds.
    public var createdAt: Double
    /// What it mainly shows.
    public var media: Media
    /// Its topic weights (L2-normalized).
    public var topics: [Float]

    /// What a post mainly shows.
    public enum Media: String, CaseIterable, Codable, Sendable {
        case text
        case image
        case video
        case link

        /// A dense index `0..<4` in declaration order.
        public var index: Int {
            switch self {
            case .text: 0
            case .image: 1
            case .video: 2
            case .link: 3
            }
        }

        var literal: StaticString {
            switch self {
            case .text: "text"
            case .image: "image"
            case .video: "video"
            case .link: "link"
            }
        }
    }

    /// Creates a row.
    public init(id: Int64, author: Int64, createdAt: Double, media: Media, topics: [Float]) {
        self.id = id
        self.author = author
        self.createdAt = createdAt
        self.media = media
        self.topics = topics
    }

    enum CodingKeys: String, CodingKey {
        case id
        case author
        case createdAt = "created_at"
        case media
        case topics
    }

    /// ``LoadFile/posts``.
    public static let file = LoadFile.posts
    /// `id`, `author`, `created_at`, `media`, `topics`.
    public static let fieldNames = Fields.fieldKeys.map(\.description)

    /// Appends `{"id":…,"author":…,"created_at":…,"media":"…","topics":[…]}` and a newline.
    public func appendJSONLine(to buffer: inout [UInt8]) {
        buffer.appendASCII("{\"id\":")
        buffer.appendInteger(id)
        buffer.appendASCII(",\"author\":")
        buffer.appendInteger(author)
        buffer.appendASCII(",\"created_at\":")
        buffer.appendNumber(createdAt)
        buffer.appendASCII(",\"media\":\"")
        buffer.appendASCII(media.literal)
        buffer.appendASCII("\",\"topics\":[")
        appendTopics(to: &buffer, separator: UInt8(ascii: ","))
        buffer.appendASCII("]}\n")
    }

    /// Appends `id,author,created_at,media,topics` values (topics `;`-separated) and a newline.
    public func appendCSVLine(to buffer: inout [UInt8]) {
        buffer.appendInteger(id)
        buffer.appendByte(",")
        buffer.appendInteger(author)
        buffer.appendByte(",")
        buffer.appendNumber(createdAt)
        buffer.appendByte(",")
        buffer.appendASCII(media.literal)
        buffer.appendByte(",")
        appendTopics(to: &buffer, separator: UInt8(ascii: ";"))
        buffer.appendByte("\n")
    }

    private func appendTopics(to buffer: inout [UInt8], separator: UInt8) {
        for (index, weight) in topics.enumerated() {
            if index > 0 { buffer.append(separator) }
            if weight == 0 {
                buffer.appendByte("0")
            } else {
                buffer.appendNumber(weight)
            }
        }
    }

    /// Parses one line; see ``RowParser``.
    public init(parsing line: UnsafeRawBufferPointer, layout: RowLayout) throws(RowParseError) {
        self = try LineDispatch.parse(line, as: Fields.self, layout: layout)
    }

    struct Fields: RowFieldBuilder {
        static let fieldKeys: [StaticString] = ["id", "author", "created_at", "media", "topics"]
        var id: Int64?
        var author: Int64?
        var createdAt: Double?
        var media: Media?
        var topics: [Float]?

        mutating func assign(field: Int, from reader: inout some FieldValueReader, options: RowParseOptions) throws(RowParseError) {
            switch field {
            case 0: id = try reader.readID(field: "id")
            case 1: author = try reader.readID(field: "author")
            case 2: createdAt = try reader.readDouble(field: "created_at")
            case 3: media = try reader.readEnum(Media.self, field: "media")
            default: topics = try reader.readTopics(field: "topics", options: options)
            }
        }

        func build() throws(RowParseError) -> PostRow {
            guard let id else { throw RowParseError(.missingField("id")) }
            guard let author else { throw RowParseError(.missingField("author")) }
            guard let createdAt else { throw RowParseError(.missingField("created_at")) }
            guard let media else { throw RowParseError(.missingField("media")) }
            guard let topics else { throw RowParseError(.missingField("topics")) }
            return PostRow(id: id, author: author, createdAt: createdAt, media: media, topics: topics)
        }
    }
}

/// One thing a user did with a post, a line of `actions.jsonl` / `actions.csv`.
///
/// JSONL: `{"user":1,"post":7,"action":"like","at":1767225600.5}`; CSV header `user,post,action,at`.
public struct ActionRow: LoadRow {
    /// The user who acted.
    public var user: Int64
    /// The post acted on.
    public var post: Int64
    /// What the user did.
    public var action: Action
    /// When, in Unix seconds.
    public var at: Double

    /// What a user can do with a post they were shown. `hide` and `report` are negative.
    public enum Action: String, CaseIterable, Codable, Sendable {
        case click
        case like
        case comment
        case share
        case hide
        case report

        /// A dense index `0..<6` in declaration order.
        public var index: Int {
            switch self {
            case .click: 0
            case .like: 1
            case .comment: 2
            case .share: 3
            case .hide: 4
            case .report: 5
            }
        }

        /// Whether the action says the user did not want the post.
        public var isNegative: Bool { self == .hide || self == .report }

        var literal: StaticString {
            switch self {
            case .click: "click"
            case .like: "like"
            case .comment: "comment"
            case .share: "share"
            case .hide: "hide"
            case .report: "report"
            }
        }
    }

    /// Creates a row.
    public init(user: Int64, post: Int64, action: Action, at: Double) {
        self.user = user
        self.post = post
        self.action = action
        self.at = at
    }

    /// ``LoadFile/actions``.
    public static let file = LoadFile.actions
    /// `user`, `post`, `action`, `at`.
    public static let fieldNames = Fields.fieldKeys.map(\.description)

    /// Appends `{"user":…,"post":…,"action":"…","at":…}` and a newline.
    public func appendJSONLine(to buffer: inout [UInt8]) {
        buffer.appendASCII("{\"user\":")
        buffer.appendInteger(user)
        buffer.appendASCII(",\"post\":")
        buffer.appendInteger(post)
        buffer.appendASCII(",\"action\":\"")
        buffer.appendASCII(action.literal)
        buffer.appendASCII("\",\"at\":")
        buffer.appendNumber(at)
        buffer.appendASCII("}\n")
    }

    /// Appends `user,post,action,at` values and a newline.
    public func appendCSVLine(to buffer: inout [UInt8]) {
        buffer.appendInteger(user)
        buffer.appendByte(",")
        buffer.appendInteger(post)
        buffer.appendByte(",")
        buffer.appendASCII(action.literal)
        buffer.appendByte(",")
        buffer.appendNumber(at)
        buffer.appendByte("\n")
    }

    /// Parses one line; see ``RowParser``.
    public init(parsing line: UnsafeRawBufferPointer, layout: RowLayout) throws(RowParseError) {
        self = try LineDispatch.parse(line, as: Fields.self, layout: layout)
    }

    struct Fields: RowFieldBuilder {
        static let fieldKeys: [StaticString] = ["user", "post", "action", "at"]
        var user: Int64?
        var post: Int64?
        var action: Action?
        var at: Double?

        mutating func assign(field: Int, from reader: inout some FieldValueReader, options: RowParseOptions) throws(RowParseError) {
            switch field {
            case 0: user = try reader.readID(field: "user")
            case 1: post = try reader.readID(field: "post")
            case 2: action = try reader.readEnum(Action.self, field: "action")
            default: at = try reader.readDouble(field: "at")
            }
        }

        func build() throws(RowParseError) -> ActionRow {
            guard let user else { throw RowParseError(.missingField("user")) }
            guard let post else { throw RowParseError(.missingField("post")) }
            guard let action else { throw RowParseError(.missingField("action")) }
            guard let at else { throw RowParseError(.missingField("at")) }
            return ActionRow(user: user, post: post, action: action, at: at)
        }
    }
}

import FeedCore

/// The body of `POST /v1/actions` as a client sends it (docs/API.md).
struct ActionUpload: Encodable, Sendable {
    struct Action: Encodable, Sendable {
        var clientEventID: String
        var requestID: String
        var itemID: UInt64
        var action: String
        var clientTime: Double

        enum CodingKeys: String, CodingKey {
            case action
            case clientEventID = "client_event_id"
            case requestID = "request_id"
            case itemID = "item_id"
            case clientTime = "client_time"
        }
    }

    var actions: [Action]
}

/// The body of `POST /v1/posts` (docs/API.md): a post the loop releases on its author's behalf.
struct NewPostBody: Encodable, Sendable {
    var id: UInt64
    var author: UInt64
    var createdAt: Double
    var mediaType: String
    var topics: [Float]

    enum CodingKeys: String, CodingKey {
        case id, author, topics
        case createdAt = "created_at"
        case mediaType = "media_type"
    }
}

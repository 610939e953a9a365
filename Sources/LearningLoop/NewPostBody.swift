import FeedCore

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

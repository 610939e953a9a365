import FeedCore
import FeedStore
import Hummingbird

/// The body of `GET /v1/feed`.
public struct FeedPageResponse: ResponseGenerator, Codable, Sendable {
    /// One served item.
    public struct Item: Codable, Sendable, Hashable {
        public var id: PostID
        public var author: AuthorID
        /// 0-based position in its generation.
        public var position: Int
        public var score: Float
        /// Why it is in the feed (candidate source).
        public var reason: String
    }

    /// Where to continue: pass `after` (and `cursor`) to the next request.
    public struct Next: Codable, Sendable, Hashable {
        public var after: PostID
        public var cursor: String
    }

    public var items: [Item]
    /// `null` when the page is empty (end of feed).
    public var next: Next?
    /// The generation the page was read from (decimal string; `"0"` for a fallback page).
    public var generation: String
    public var modelVersion: String
    public var requestID: String
    public var source: PageSource
    /// `after` was unknown or its generation expired: these are the first unseen items.
    public var restarted: Bool

    enum CodingKeys: String, CodingKey {
        case items, next, generation, source, restarted
        case modelVersion = "model_version"
        case requestID = "request_id"
    }

    /// The JSON response, written directly (this is the hot path: no `JSONEncoder`).
    public func response(from request: Request, context: some Hummingbird.RequestContext) throws -> Response {
        var json = JSONWriter(capacity: 160 + items.count * 96)
        json.raw("{\"items\":[")
        for (index, item) in items.enumerated() {
            if index > 0 { json.raw(",") }
            json.raw("{\"id\":"); json.integer(item.id.rawValue)
            json.raw(",\"author\":"); json.integer(item.author.rawValue)
            json.raw(",\"position\":"); json.integer(UInt64(max(0, item.position)))
            json.raw(",\"score\":"); json.number(item.score)
            json.raw(",\"reason\":"); json.string(item.reason)
            json.raw("}")
        }
        json.raw("],\"next\":")
        if let next {
            json.raw("{\"after\":"); json.integer(next.after.rawValue)
            json.raw(",\"cursor\":"); json.string(next.cursor)
            json.raw("}")
        } else {
            json.raw("null")
        }
        json.raw(",\"generation\":"); json.string(generation)
        json.raw(",\"model_version\":"); json.string(modelVersion)
        json.raw(",\"request_id\":"); json.string(requestID)
        json.raw(",\"source\":"); json.string(source.rawValue)
        json.raw(restarted ? ",\"restarted\":true}" : ",\"restarted\":false}")
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: json.buffer))
    }
}

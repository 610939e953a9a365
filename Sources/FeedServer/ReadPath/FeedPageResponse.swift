import FeedCore
import FeedStore
import Hummingbird

/// The body of `GET /v1/feed`.
public struct FeedPageResponse: ResponseEncodable, Decodable, Sendable {
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
}

import FeedCore

/// One page of a feed as the page script returns it.
public struct FeedPage: Sendable {
    /// One served item.
    public struct Item: Sendable, Hashable {
        /// The post.
        public var post: PostID
        /// 0-based position in its generation.
        public var position: Int
        /// Author, score, reason and media from the generation's feature log (`nil` if it expired).
        public var record: FeatureLogFormat.Item?
    }

    /// `false` when the user has no current feed (new user or expired feed): generate or fall back.
    public var found: Bool
    /// The generation the page was read from.
    public var generation: GenerationID?
    /// The model that ranked that generation (empty when unknown).
    public var modelVersion: String
    /// `after` was not found in the hinted, current or previous generation: the page holds the
    /// first unseen items of the current generation instead.
    public var restarted: Bool
    /// The impressions stream entry id written for this page (`nil` for an empty page).
    public var impressionID: String?
    /// When the generation was computed (unix seconds).
    public var generatedAt: Double?
    /// The items, in feed order.
    public var items: [Item]

    /// The page of a user without a feed.
    public static let miss = FeedPage(
        found: false, generation: nil, modelVersion: "", restarted: false, impressionID: nil, generatedAt: nil, items: [])
}

/// One item of a computed feed.
public struct RankedItem: Hashable, Sendable, Codable {
    public var post: PostID
    public var author: AuthorID
    public var mediaType: MediaType
    /// 0-based position in the feed.
    public var position: Int
    /// The score after reranking penalties, at the moment the item was placed.
    public var score: Float
    /// The value model's score.
    public var rawScore: Float
    /// Why the item is here: its candidate source, or `.exploration` if it filled an exploration slot.
    public var reason: CandidateSource
    /// Whether the item filled an exploration slot (chosen at random among exploration-eligible
    /// candidates rather than by score): useful to weight or separate such impressions in training.
    public var isExplorationSlot: Bool

    public init(
        post: PostID, author: AuthorID, mediaType: MediaType, position: Int, score: Float, rawScore: Float,
        reason: CandidateSource, isExplorationSlot: Bool = false
    ) {
        self.post = post
        self.author = author
        self.mediaType = mediaType
        self.position = position
        self.score = score
        self.rawScore = rawScore
        self.reason = reason
        self.isExplorationSlot = isExplorationSlot
    }
}

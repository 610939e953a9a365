/// How the reranker turns scored candidates into a feed.
public struct RerankConfig: Hashable, Sendable {
    /// At most this many items in the feed.
    public var maxItems: Int
    /// Lowers repeated authors; see `AuthorPenalty`.
    public var authorPenalty: AuthorPenalty
    /// At most this many consecutive items of one media type (`nil`: no limit). When only one media
    /// type is left, the limit is lifted rather than ending the feed early.
    public var maxConsecutiveMediaType: Int?
    /// Share of positions, in [0, 1], reserved for exploration-eligible candidates.
    public var explorationFraction: Double
    /// No exploration slot above this position (the first screen stays the model's best).
    public var explorationStartPosition: Int
    /// Candidates scoring below this are never explored (a likely hide or report is not worth learning about).
    public var explorationMinimumScore: Float

    public init(
        maxItems: Int = 500, authorPenalty: AuthorPenalty = .halving, maxConsecutiveMediaType: Int? = 3,
        explorationFraction: Double = 0.05, explorationStartPosition: Int = 3, explorationMinimumScore: Float = 0
    ) {
        self.maxItems = maxItems
        self.authorPenalty = authorPenalty
        self.maxConsecutiveMediaType = maxConsecutiveMediaType
        self.explorationFraction = explorationFraction
        self.explorationStartPosition = explorationStartPosition
        self.explorationMinimumScore = explorationMinimumScore
    }

    /// Pure score order: no author penalty, no media spacing, no exploration.
    public static let scoreOrder = RerankConfig(
        authorPenalty: .none, maxConsecutiveMediaType: nil, explorationFraction: 0)
}

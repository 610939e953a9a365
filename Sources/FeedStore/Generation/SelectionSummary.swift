import FeedCore

/// What one generation batch selected: candidates by source and how many feeds came out thin.
/// The generator exports it as metrics on every batch and logs a notice when the thin share is
/// high (``GeneratorConfiguration/thinFeedShareAlert``), so an operator sees thin feeds before
/// users do.
public struct SelectionSummary: Sendable, Hashable {
    /// Feeds generated (written or superseded).
    public var feeds = 0
    /// Feeds with fewer than ``thinFeedItems`` items.
    public var thinFeeds = 0
    /// Feeds with no item at all.
    public var emptyFeeds = 0
    /// The thin-feed threshold the counts used.
    public var thinFeedItems = 0
    /// Candidates chosen in the batch, by source (before ranking's filters).
    public var candidatesBySource: [CandidateSource: Int] = [:]
    /// Followed candidates created after their user's previous generation (all followed ones on
    /// a first generation); the rest of the followed candidates were reached further back.
    public var followedSinceLastGeneration = 0

    /// The share of feeds that are thin (0 without feeds).
    public var thinShare: Double { feeds == 0 ? 0 : Double(thinFeeds) / Double(feeds) }

    /// An empty summary.
    public init() {}

    /// The summary of a batch: one selection per user (`nil` when the user failed before selection)
    /// and the batch's outcomes.
    init(
        selections: [CandidateSelector.Selection?], outcomes: [Result<GenerationOutcome, any Error>], thinFeedItems: Int
    ) {
        self.thinFeedItems = thinFeedItems
        for selection in selections {
            guard let selection else { continue }
            for choice in selection.choices { candidatesBySource[choice.source, default: 0] += 1 }
            followedSinceLastGeneration += selection.followedSinceLastGeneration
        }
        for case .success(let feed) in outcomes {
            feeds += 1
            if feed.items.count < thinFeedItems { thinFeeds += 1 }
            if feed.items.isEmpty { emptyFeeds += 1 }
        }
    }
}

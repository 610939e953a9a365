/// A post proposed for one user's feed, with the source that proposed it.
public struct Candidate: Hashable, Sendable, Codable {
    public var post: Post
    public var source: CandidateSource
    /// Whether the post may fill an exploration slot: a new author for this user or an item
    /// the model is uncertain about. Defaults to `source == .exploration`.
    public var isExplorationEligible: Bool

    public init(post: Post, source: CandidateSource, isExplorationEligible: Bool? = nil) {
        self.post = post
        self.source = source
        self.isExplorationEligible = isExplorationEligible ?? (source == .exploration)
    }
}

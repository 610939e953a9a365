/// What the scheduler needs to know about one user's feed to decide whether it is due.
public struct FeedFreshness: Sendable, Hashable {
    /// When the current generation was written, unix seconds; `nil` when the user has no feed.
    public var generatedAt: Double?
    /// The model version that ranked it.
    public var modelVersion: String?
    /// Posts by followed authors since it was generated (the store's dirty counter; 0 if unknown).
    public var newPostsSince: Int

    /// A feed state.
    public init(generatedAt: Double?, modelVersion: String?, newPostsSince: Int = 0) {
        self.generatedAt = generatedAt
        self.modelVersion = modelVersion
        self.newPostsSince = newPostsSince
    }
}

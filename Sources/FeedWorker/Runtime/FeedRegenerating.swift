import FeedCore

/// What the worker needs from feed generation: regenerate a batch of users with a given model.
///
/// `FeedStoreRegenerator` adapts FeedStore's generator; tests plug in their own.
public protocol FeedRegenerating: Sendable {
    /// The ranking model the regenerator needs (hot-reloaded by the ``Worker``).
    associatedtype Model: Sendable

    /// Regenerates the feeds of `users` in one batch (one pipeline where possible) and returns one
    /// result per user, in order. `now` is unix seconds.
    func regenerate(users: [UserID], model: VersionedModel<Model>, now: Double) async -> [Result<RegenerationOutcome, any Error>]
}

/// What one successful regeneration reports, for logs and metrics.
public struct RegenerationOutcome: Sendable, Hashable {
    /// The new generation, if one was written (`nil` when the feed was left as is).
    public var generationID: GenerationID?
    /// Items in the new snapshot.
    public var itemCount: Int
    /// Candidates considered, by source.
    public var candidatesBySource: [CandidateSource: Int]
    /// Redis round trips the generator spent per feed of its batch, if it counts them.
    public var roundTrips: Double?

    /// An outcome.
    public init(
        generationID: GenerationID?, itemCount: Int = 0, candidatesBySource: [CandidateSource: Int] = [:],
        roundTrips: Double? = nil
    ) {
        self.generationID = generationID
        self.itemCount = itemCount
        self.candidatesBySource = candidatesBySource
        self.roundTrips = roundTrips
    }
}

import FeedCore
import FeedWorker

/// What `prefeed warmup run` reads about one user: the login history and the feed state.
public struct WarmupInput: Sendable, Hashable {
    /// The user.
    public var user: UserID
    /// Session starts held in Redis, oldest first (bounded by the store: 100, 28 days).
    public var logins: [Double]
    /// When the current feed was generated, Unix seconds; `nil`: no feed.
    public var generatedAt: Double?
    /// The best priority the user is queued at (the pending marker); `nil`: not queued.
    public var queued: JobPriority?

    /// Creates an input.
    public init(user: UserID, logins: [Double], generatedAt: Double?, queued: JobPriority?) {
        self.user = user
        self.logins = logins
        self.generatedAt = generatedAt
        self.queued = queued
    }
}

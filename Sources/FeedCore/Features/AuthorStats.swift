/// What is known about a post's author, independent of the reader.
public struct AuthorStats: Hashable, Sendable, Codable {
    /// Number of followers; `nil` when unknown.
    public var followers: Double?
    /// Posts the author published in the last 7 days; `nil` when unknown.
    public var postsLast7Days: Double?
    /// Engagement on all of the author's posts, per window; `nil` when unknown.
    public var engagement: WindowedEngagement?

    public init(followers: Double? = nil, postsLast7Days: Double? = nil, engagement: WindowedEngagement? = nil) {
        self.followers = followers
        self.postsLast7Days = postsLast7Days
        self.engagement = engagement
    }
}

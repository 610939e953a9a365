import FeedCore

/// Impressions of one post (by one author) at one time, to be added to the engagement buckets
/// (``SourceDataWriter/recordImpressionCounts(_:now:)``).
public struct ImpressionCount: Sendable, Hashable {
    public var post: PostID
    public var author: AuthorID
    /// Unix seconds; the count goes to this hour's bucket.
    public var time: Double
    public var count: Int

    public init(post: PostID, author: AuthorID, time: Double, count: Int = 1) {
        self.post = post
        self.author = author
        self.time = time
        self.count = count
    }
}

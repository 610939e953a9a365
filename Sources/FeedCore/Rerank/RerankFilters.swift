/// Candidates that must never reach a feed, whatever their score.
public struct RerankFilters: Sendable {
    /// Authors whose posts the user hid ("show fewer from").
    public var hiddenAuthors: Set<AuthorID>
    /// Authors the user blocked.
    public var blockedAuthors: Set<AuthorID>
    /// Posts the user reported.
    public var reportedPosts: Set<PostID>
    /// Posts the user was already shown.
    public var seenPosts: Set<PostID>

    public init(
        hiddenAuthors: Set<AuthorID> = [], blockedAuthors: Set<AuthorID> = [], reportedPosts: Set<PostID> = [],
        seenPosts: Set<PostID> = []
    ) {
        self.hiddenAuthors = hiddenAuthors
        self.blockedAuthors = blockedAuthors
        self.reportedPosts = reportedPosts
        self.seenPosts = seenPosts
    }

    /// No filters.
    public static let none = RerankFilters()

    /// Whether a post may appear in the feed.
    public func allows(_ post: Post) -> Bool {
        !(hiddenAuthors.contains(post.author) || blockedAuthors.contains(post.author)
            || reportedPosts.contains(post.id) || seenPosts.contains(post.id))
    }
}

import FeedCore

/// What ``SourceDataWriter/createPost(_:now:)`` did with a post.
public enum PostCreation: Sendable, Hashable {
    /// The id was free: the post is stored.
    case created
    /// The id was already the same author's: the post was rewritten with the same values (a retry).
    case rewritten
    /// The id belongs to another author: nothing was written.
    case conflict(owner: AuthorID)
}

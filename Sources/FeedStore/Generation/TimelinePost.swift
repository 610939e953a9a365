import FeedCore

/// A post as an author timeline lists it: id, author, creation time (the timeline's score).
struct TimelinePost: Sendable, Hashable {
    var post: PostID
    var author: AuthorID
    var createdAt: Double
}

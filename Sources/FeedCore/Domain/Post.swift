/// A post as the ranker sees it: who wrote it, when, what it shows and what it is about.
public struct Post: Hashable, Sendable, Codable {
    public var id: PostID
    public var author: AuthorID
    /// Creation time, unix seconds.
    public var createdAt: Double
    public var mediaType: MediaType
    /// Topic weights of the post; `.unknown` when it has none.
    public var topics: TopicVector

    public init(
        id: PostID, author: AuthorID, createdAt: Double, mediaType: MediaType,
        topics: TopicVector = .unknown
    ) {
        self.id = id
        self.author = author
        self.createdAt = createdAt
        self.mediaType = mediaType
        self.topics = topics
    }
}

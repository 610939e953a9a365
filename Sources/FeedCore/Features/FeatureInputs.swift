/// Everything the feature function reads for one (user, post) pair, passed in explicitly.
///
/// The same struct is filled by the worker when it ranks and by anything that rebuilds a training
/// row, so serving and training compute features with one function (`FeatureExtractor`).
/// `nil` means "not known" and becomes NaN features; a known zero is passed as zero.
public struct FeatureInputs: Sendable {
    /// The candidate post.
    public var post: Post
    /// The time the features describe, unix seconds (the generation time when serving).
    public var now: Double
    /// Engagement on the post per window; `nil` when not read.
    public var postEngagement: WindowedEngagement?
    /// The author's statistics; `nil` when not read.
    public var author: AuthorStats?
    /// The reader's interactions with the author; `nil` when not read.
    public var affinity: UserAuthorAffinity?
    /// The reader's topic interests; `.unknown` when there are none.
    public var userTopics: TopicVector
    /// Platform and local-time offset of the reader.
    public var context: RequestContext

    public init(
        post: Post, now: Double, postEngagement: WindowedEngagement? = nil, author: AuthorStats? = nil,
        affinity: UserAuthorAffinity? = nil, userTopics: TopicVector = .unknown,
        context: RequestContext = RequestContext()
    ) {
        self.post = post
        self.now = now
        self.postEngagement = postEngagement
        self.author = author
        self.affinity = affinity
        self.userTopics = userTopics
        self.context = context
    }
}

/// The circumstances of one impression that, besides the post and the user, shape the reaction.
public struct ExposureContext: Sendable, Hashable {
    /// Whether the user follows the post's author.
    public var followsAuthor: Bool
    /// The author's hidden ``UserTruth/authorQuality``.
    public var authorQuality: Double
    /// Age of the post when shown, in seconds (negative values count as 0).
    public var postAgeSeconds: Double

    /// Creates a context.
    public init(followsAuthor: Bool, authorQuality: Double, postAgeSeconds: Double) {
        self.followsAuthor = followsAuthor
        self.authorQuality = authorQuality
        self.postAgeSeconds = postAgeSeconds
    }
}

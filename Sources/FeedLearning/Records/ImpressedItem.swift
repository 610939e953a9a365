import FeedCore

/// One item of a served page: the post and its 0-based position in the generation's ranked feed
/// (the position its features were logged at).
public struct ImpressedItem: Hashable, Sendable, Codable {
    /// The post that was shown.
    public var post: PostID
    /// The item's 0-based position in the generation (the index into its feature log).
    public var position: Int

    /// An item at `position`.
    public init(post: PostID, position: Int) {
        self.post = post
        self.position = position
    }
}

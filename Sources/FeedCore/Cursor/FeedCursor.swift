/// Where a reader is in a feed: which generation, the last item they got, its position, and until
/// when the cursor may be used. Encoded as an opaque signed token by `CursorCodec`.
public struct FeedCursor: Hashable, Sendable {
    /// The generation the scroll started on; the whole scroll is served from it.
    public var generation: GenerationID
    /// The last item of the previous page.
    public var lastItem: PostID
    /// The 0-based position of `lastItem` in the generation.
    public var position: UInt32
    /// Unix seconds after which the cursor is rejected.
    public var expiresAt: UInt64

    public init(generation: GenerationID, lastItem: PostID, position: UInt32, expiresAt: UInt64) {
        self.generation = generation
        self.lastItem = lastItem
        self.position = position
        self.expiresAt = expiresAt
    }
}

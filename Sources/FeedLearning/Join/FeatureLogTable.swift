import FeedCore

/// An in-memory `FeatureLogLookup`: vectors by (user, generation, position), e.g. prefetched from the
/// generations' feature logs. The post is checked so a vector is never attached to another item.
public struct FeatureLogTable: FeatureLogLookup, Sendable {
    private struct Entry: Sendable {
        var post: PostID
        var features: [Float]
    }

    private struct Log: Hashable, Sendable {
        var user: UserID
        var generation: GenerationID
    }

    private var entries: [Log: [Int: Entry]] = [:]

    /// An empty table.
    public init() {}

    /// Records the vector of the item at `position` of `user`'s `generation`.
    public mutating func insert(user: UserID, generation: GenerationID, position: Int, post: PostID, features: [Float]) {
        entries[Log(user: user, generation: generation), default: [:]][position] = Entry(post: post, features: features)
    }

    /// Records a whole generation: `items[p]` is at position `p` with `features[p]`.
    public mutating func insert(user: UserID, generation: GenerationID, posts: [PostID], features: [[Float]]) {
        precondition(posts.count == features.count, "one vector per post")
        for (position, post) in posts.enumerated() {
            insert(user: user, generation: generation, position: position, post: post, features: features[position])
        }
    }

    /// Whether the table has any vector of `user`'s `generation`.
    public func contains(user: UserID, generation: GenerationID) -> Bool { entries[Log(user: user, generation: generation)] != nil }

    public func features(user: UserID, generation: GenerationID, item: ImpressedItem) -> [Float]? {
        guard let entry = entries[Log(user: user, generation: generation)]?[item.position], entry.post == item.post else {
            return nil
        }
        return entry.features
    }
}

import FeedCore

/// An in-memory `FeatureLogLookup`: vectors by (generation, position), e.g. prefetched from the
/// generations' feature logs. The post is checked so a vector is never attached to another item.
public struct FeatureLogTable: FeatureLogLookup, Sendable {
    private struct Entry: Sendable {
        var post: PostID
        var features: [Float]
    }

    private var entries: [GenerationID: [Int: Entry]] = [:]

    /// An empty table.
    public init() {}

    /// Records the vector of the item at `position` of `generation`.
    public mutating func insert(generation: GenerationID, position: Int, post: PostID, features: [Float]) {
        entries[generation, default: [:]][position] = Entry(post: post, features: features)
    }

    /// Records a whole generation: `items[p]` is at position `p` with `features[p]`.
    public mutating func insert(generation: GenerationID, posts: [PostID], features: [[Float]]) {
        precondition(posts.count == features.count, "one vector per post")
        for (position, post) in posts.enumerated() {
            insert(generation: generation, position: position, post: post, features: features[position])
        }
    }

    /// Whether the table has any vector of `generation`.
    public func contains(generation: GenerationID) -> Bool { entries[generation] != nil }

    public func features(generation: GenerationID, item: ImpressedItem) -> [Float]? {
        guard let entry = entries[generation]?[item.position], entry.post == item.post else { return nil }
        return entry.features
    }
}

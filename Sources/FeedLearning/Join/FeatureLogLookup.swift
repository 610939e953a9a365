import FeedCore

/// Where the join reads the features a generation was ranked with (its feature log).
///
/// Features are never recomputed: a row whose vector is not found (`nil`, or the wrong length) is
/// counted as missing and not emitted. The lookup is synchronous; a Redis-backed join prefetches the
/// logs of `Joiner.impressionsClosing(by:)` into a `FeatureLogTable` before advancing.
public protocol FeatureLogLookup {
    /// The logged feature vector of `item` in `user`'s `generation`, or `nil` when the log has none.
    /// Generation ids are unique per user only, so the user is part of the key.
    func features(user: UserID, generation: GenerationID, item: ImpressedItem) -> [Float]?
}

/// A `FeatureLogLookup` backed by a closure.
public struct ClosureFeatureLogLookup: FeatureLogLookup {
    private let body: (UserID, GenerationID, ImpressedItem) -> [Float]?

    /// A lookup calling `body`.
    public init(_ body: @escaping (UserID, GenerationID, ImpressedItem) -> [Float]?) { self.body = body }

    public func features(user: UserID, generation: GenerationID, item: ImpressedItem) -> [Float]? {
        body(user, generation, item)
    }
}

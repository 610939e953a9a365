import FeedCore

/// Where the join reads the features a generation was ranked with (its feature log).
///
/// Features are never recomputed: a row whose vector is not found (`nil`, or the wrong length) is
/// counted as missing and not emitted. The lookup is synchronous; a Redis-backed join prefetches the
/// logs of `Joiner.impressionsClosing(by:)` into a `FeatureLogTable` before advancing.
public protocol FeatureLogLookup {
    /// The logged feature vector of `item` in `generation`, or `nil` when the log has none.
    func features(generation: GenerationID, item: ImpressedItem) -> [Float]?
}

/// A `FeatureLogLookup` backed by a closure.
public struct ClosureFeatureLogLookup: FeatureLogLookup {
    private let body: (GenerationID, ImpressedItem) -> [Float]?

    /// A lookup calling `body`.
    public init(_ body: @escaping (GenerationID, ImpressedItem) -> [Float]?) { self.body = body }

    public func features(generation: GenerationID, item: ImpressedItem) -> [Float]? { body(generation, item) }
}

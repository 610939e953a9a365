import FeedCore

/// Where the join finds the features a generation was ranked with: the segment files
/// (``FeatureLogSegmentReader``) first, then, for generations written by an earlier version that
/// kept its logs in Redis, ``FeatureLogReader`` — so impressions served across the switch still join.
public struct FeatureLogSources: Sendable {
    /// The segment files, when configured.
    public var segments: FeatureLogSegmentReader?
    /// Logs of the old layout in Redis (`{u:<id>}:flog:<gen>`), when configured.
    public var legacy: FeatureLogReader?

    /// Both sources (either may be absent).
    public init(segments: FeatureLogSegmentReader?, legacy: FeatureLogReader?) {
        self.segments = segments
        self.legacy = legacy
    }

    /// Reads every position of `requests`; a generation found in neither source counts once in
    /// `missingLogs`.
    public func read(_ requests: [FeatureLogReader.Request]) async throws -> FeatureLogReader.Result {
        var result = segments?.read(requests) ?? FeatureLogReader.Result()
        guard let legacy else {
            if segments == nil { result.missingLogs = Set(requests.map { "\($0.user):\($0.generation)" }).count }
            return result
        }
        let rest = requests.filter { result.entries[$0.user]?[$0.generation] == nil }
        guard !rest.isEmpty else { return result }
        let old = try await legacy.read(rest)
        result.missingLogs = old.missingLogs
        result.roundTrips += old.roundTrips
        for (user, generations) in old.entries {
            for (generation, entries) in generations { result.entries[user, default: [:]][generation] = entries }
        }
        return result
    }
}

import Foundation

/// The one feature function: turns `FeatureInputs` into the vector described by `FeatureSchema.current`.
///
/// Serving (the worker), the feature log and training rows all come from here. Missing inputs become
/// NaN, which xgboost reads as "missing" and the logistic heads replace with a learned imputation.
/// docs/FEATURES.md lists every feature.
public enum FeatureExtractor {
    /// Half-life of user–author affinity counters. Part of the schema: changing it needs a new version.
    public static let affinityHalfLifeSeconds: Double = 7 * 86_400

    /// Upper bounds (hours) of the post-age buckets; the last bucket is open-ended.
    public static let ageBucketUpperHours: [Double] = [1, 6, 24, 72, 168]

    /// Feature names in vector order. `write(_:to:)` writes values in exactly this order.
    public static let featureNames: [String] = {
        var names = ["post_freshness", "post_age_hours"]
        names += ["post_age_lt_1h", "post_age_1h_6h", "post_age_6h_24h", "post_age_1d_3d", "post_age_3d_7d", "post_age_ge_7d"]
        names += MediaType.allCases.map { "post_media_\($0.rawValue)" }
        for window in EngagementWindow.allCases {
            names += windowNames(prefix: "post", window: window)
        }
        names += ActionType.heads.map { "post_\($0.rawValue)_rate_1d" }
        for window in EngagementWindow.allCases {
            names += windowNames(prefix: "author", window: window)
        }
        names += ["author_log_followers", "author_posts_per_day_7d", "author_engagements_per_post_7d"]
        names += ActionType.heads.map { "user_author_log_affinity_\($0.rawValue)" }
        names += ["user_author_log_affinity_positive", "user_follows_author", "user_post_topic_cosine"]
        names += ["context_hour_of_day", "context_hour_sin", "context_hour_cos", "context_day_of_week", "context_is_weekend"]
        names += ["context_platform_ios", "context_platform_android", "context_platform_web"]
        return names
    }()

    private static func windowNames(prefix: String, window: EngagementWindow) -> [String] {
        let w = window.label
        return ["\(prefix)_log_impressions_\(w)", "\(prefix)_log_engagements_\(w)",
                "\(prefix)_engagement_rate_\(w)", "\(prefix)_negative_rate_\(w)"]
    }

    /// The number of features (`FeatureSchema.current.count`).
    public static var featureCount: Int { featureNames.count }

    /// The feature vector of one (user, post) pair.
    public static func features(for inputs: FeatureInputs) -> [Float] {
        [Float](unsafeUninitializedCapacity: featureCount) { buffer, initialized in
            write(inputs, to: buffer)
            initialized = featureCount
        }
    }

    /// The feature matrix of many pairs, one row each, in order.
    public static func matrix(for inputs: [FeatureInputs]) -> FeatureMatrix {
        var matrix = FeatureMatrix(columnCount: featureCount)
        matrix.reserveRows(inputs.count)
        for item in inputs { matrix.appendRow(item) }
        return matrix
    }

    /// Writes the features of `inputs` into `buffer` (at least `featureCount` long) without allocating.
    public static func write(_ inputs: FeatureInputs, to buffer: UnsafeMutableBufferPointer<Float>) {
        precondition(buffer.count >= featureCount, "feature buffer too short")
        var out = FeatureWriter(base: buffer.baseAddress!)
        let now = inputs.now

        // Freshness.
        let ageHours = max(0, (now - inputs.post.createdAt) / 3_600)
        out.put(1 / (ageHours + 1))
        out.put(ageHours)
        let bucket = ageBucket(hours: ageHours)
        for index in 0...5 { out.put(index == bucket ? 1 : 0) }

        // Media type, one-hot.
        let media = inputs.post.mediaType.index
        for index in 0..<MediaType.count { out.put(index == media ? 1 : 0) }

        // Post engagement per window, then per-action rates over one day.
        writeWindows(inputs.postEngagement, to: &out)
        if let day = inputs.postEngagement?.oneDay {
            out.put(rate(day.clicks, day.impressions))
            out.put(rate(day.likes, day.impressions))
            out.put(rate(day.comments, day.impressions))
            out.put(rate(day.shares, day.impressions))
            out.put(rate(day.hides, day.impressions))
            out.put(rate(day.reports, day.impressions))
        } else {
            out.putMissing(ActionType.heads.count)
        }

        // Author engagement per window and author statistics.
        if let author = inputs.author {
            writeWindows(author.engagement, to: &out)
            out.put(author.followers.map { logCount($0) })
            out.put(author.postsLast7Days.map { max(0, $0) / 7 })
            if let posts = author.postsLast7Days, posts > 0, let week = author.engagement?.sevenDays {
                out.put(week.engagements / posts)
            } else {
                out.putMissing()
            }
        } else {
            out.putMissing(4 * EngagementWindow.count + 3)
        }

        // User–author affinity, decayed to now (counters are in `ActionType.heads` order; the first
        // four are positive actions).
        if let affinity = inputs.affinity {
            var positive = 0.0
            for index in 0..<ActionType.heads.count {
                let counter = index < affinity.counters.count ? affinity.counters[index] : .zero
                let value = max(0, counter.value(at: now, halfLifeSeconds: affinityHalfLifeSeconds))
                if index < 4 { positive += value }
                out.putFloat(logOnePlus(Float(value)))
            }
            out.putFloat(logOnePlus(Float(positive)))
            out.put(affinity.follows.map { $0 ? 1.0 : 0.0 } as Double?)
        } else {
            out.putMissing(ActionType.heads.count + 2)
        }

        // Topic match.
        out.putFloat(inputs.userTopics.cosineSimilarity(to: inputs.post.topics))

        // Context (never the position).
        let local = now + Double(inputs.context.utcOffsetSeconds)
        let day = (local / 86_400).rounded(.down)
        let hour = min(23, max(0, Int(((local - day * 86_400) / 3_600).rounded(.down))))
        // 1970-01-01 was a Thursday; 0 = Monday.
        let weekday = ((Int(day) + 3) % 7 + 7) % 7
        out.put(Double(hour))
        out.putFloat(hourSines[hour])
        out.putFloat(hourCosines[hour])
        out.put(Double(weekday))
        out.put(weekday >= 5 ? 1 : 0)
        switch inputs.context.platform {
        case .unknown:
            out.putMissing(3)
        case .ios, .android, .web:
            out.put(inputs.context.platform == .ios ? 1 : 0)
            out.put(inputs.context.platform == .android ? 1 : 0)
            out.put(inputs.context.platform == .web ? 1 : 0)
        }
        assert(out.written == featureCount, "FeatureExtractor wrote \(out.written) of \(featureCount) features")
    }

    /// The age bucket (index into `ageBucketUpperHours`, or 5 for a week or more).
    @inline(__always)
    static func ageBucket(hours: Double) -> Int {
        hours < 1 ? 0 : hours < 6 ? 1 : hours < 24 ? 2 : hours < 72 ? 3 : hours < 168 ? 4 : 5
    }

    /// `sin(2π·h/24)` and `cos(2π·h/24)` for each hour h.
    private static let hourSines: [Float] = (0..<24).map { Float(sin(2 * Double.pi * Double($0) / 24)) }
    private static let hourCosines: [Float] = (0..<24).map { Float(cos(2 * Double.pi * Double($0) / 24)) }

    private static func writeWindows(_ engagement: WindowedEngagement?, to out: inout FeatureWriter) {
        guard let engagement else {
            out.putMissing(4 * EngagementWindow.count)
            return
        }
        writeWindow(engagement.oneHour, to: &out)
        writeWindow(engagement.oneDay, to: &out)
        writeWindow(engagement.threeDays, to: &out)
        writeWindow(engagement.sevenDays, to: &out)
    }

    @inline(__always)
    private static func writeWindow(_ counts: EngagementCounts, to out: inout FeatureWriter) {
        out.putFloat(logCount(counts.impressions))
        out.putFloat(logCount(counts.engagements))
        out.put(rate(counts.engagements, counts.impressions))
        out.put(rate(counts.negatives, counts.impressions))
    }

    /// `log(1 + count)` (in Float), with negative counts read as 0.
    @inline(__always)
    static func logCount(_ count: Double) -> Float { logOnePlus(Float(max(0, count))) }

    /// `log(1 + x)` in Float, computed as `logf(1 + x)` (several times faster than `log1pf`; the lost
    /// precision for tiny x is far below what any feature needs).
    @inline(__always)
    static func logOnePlus(_ x: Float) -> Float { log(1 + x) }

    /// `count / impressions`, or NaN when there were no impressions (a rate of nothing is unknown).
    @inline(__always)
    static func rate(_ count: Double, _ impressions: Double) -> Double {
        impressions > 0 ? max(0, count) / impressions : .nan
    }
}

/// Appends feature values through a raw pointer, converting to Float.
private struct FeatureWriter {
    let base: UnsafeMutablePointer<Float>
    var written = 0

    @inline(__always)
    mutating func put(_ value: Double) {
        base[written] = Float(value)
        written += 1
    }

    @inline(__always)
    mutating func putFloat(_ value: Float) {
        base[written] = value
        written += 1
    }

    @inline(__always)
    mutating func put(_ value: Double?) {
        put(value ?? .nan)
    }

    @inline(__always)
    mutating func put(_ value: Float?) {
        putFloat(value ?? .nan)
    }

    @inline(__always)
    mutating func putMissing(_ count: Int = 1) {
        for _ in 0..<count {
            base[written] = .nan
            written += 1
        }
    }
}

import FeedCore
import Foundation

/// A small synthetic source of served pages, user actions and feature logs, drawn from hidden
/// per-head logistic models over the v1 feature schema. For exercising the join and the trainers
/// end to end without Redis (tests, `docs/LEARNING.md` figures); the learning-loop simulation uses
/// the FeedWorld instead.
///
/// Actions happen after an exponential delay (mean `meanActionDelayMillis`); a fraction is
/// uploaded a day or more late, some are retried (duplicate client event ids), some carry no
/// request id, and a few belong to no impression. Inputs come out in arrival order with a
/// watermark every `watermarkEveryMillis`, lagging arrival by `watermarkLagMillis`.
public struct SyntheticFeedback: Sendable {
    /// The seed: the same parameters give the same output.
    public var seed: UInt64
    /// Pages served, items per page, and the hours (from `startMillis`, Unix ms) they spread over.
    public var impressions: Int
    public var itemsPerPage: Int
    public var hours: Int
    public var startMillis: Int64
    /// Delays, fractions and watermark cadence (see the type's description).
    public var meanActionDelayMillis: Double = 30 * 60_000
    public var lateUploadFraction = 0.02
    public var retryFraction = 0.03
    public var withoutRequestFraction = 0.2
    public var orphanFraction = 0.01
    public var watermarkEveryMillis: Int64 = 5 * 60_000
    public var watermarkLagMillis: Int64 = 2 * 60_000

    /// The informative features and their hidden weights per head (everything else is noise).
    public static let signal: [(feature: String, weights: [ActionType: Double])] = [
        ("user_author_log_affinity_click", [.click: 0.9, .like: 0.6, .comment: 0.5, .share: 0.4, .hide: -0.5, .report: -0.4]),
        ("user_post_topic_cosine", [.click: 1.2, .like: 1.0, .comment: 0.8, .share: 1.0, .hide: -1.5, .report: -1.2]),
        ("post_engagement_rate_1d", [.click: 4.0, .like: 3.0, .comment: 2.0, .share: 2.5, .hide: -2.0, .report: -1.0]),
        ("post_negative_rate_1d", [.click: -2.0, .like: -2.0, .comment: -1.0, .share: -1.0, .hide: 12.0, .report: 15.0]),
        ("user_follows_author", [.click: 0.5, .like: 0.8, .comment: 0.9, .share: 0.3, .hide: -0.8, .report: -0.5]),
        ("post_freshness", [.click: 0.8, .like: 0.4, .comment: 0.3, .share: 0.6, .hide: 0.0, .report: 0.0]),
    ]
    /// The hidden intercepts per head.
    public static let intercepts: [ActionType: Double] = [
        .click: -3.6, .like: -4.6, .comment: -5.8, .share: -6.0, .hide: -5.2, .report: -7.4,
    ]

    /// The generated inputs.
    public struct Output: Sendable {
        /// Impressions, actions and watermarks in arrival order.
        public var events: [JoinEvent]
        /// Every generation's logged features.
        public var featureLog: FeatureLogTable
    }

    /// A generator of `impressions` pages over `hours` hours.
    public init(seed: UInt64 = 1, impressions: Int = 2_000, itemsPerPage: Int = 10, hours: Int = 72,
                startMillis: Int64 = 1_767_225_600_000) {
        self.seed = seed
        self.impressions = impressions
        self.itemsPerPage = itemsPerPage
        self.hours = hours
        self.startMillis = startMillis
    }

    /// The hidden probability of `action` for a feature vector.
    public static func trueProbability(_ action: ActionType, features: [Float], schema: FeatureSchema = .current) -> Double {
        var z = intercepts[action] ?? -10
        for (name, weights) in signal {
            guard let index = schema.index(of: name), let weight = weights[action] else { continue }
            let x = features[index]
            if !x.isNaN { z += weight * Double(x) }
        }
        return 1 / (1 + exp(-z))
    }

    /// Generates the inputs.
    public func generate(schema: FeatureSchema = .current) -> Output {
        var random = SplitMix64(seed: seed)
        var featureLog = FeatureLogTable()
        var timed: [(arrival: Int64, order: Int, event: JoinEvent)] = []
        let span = Int64(hours) * 3_600_000
        var eventCounter = 0
        func index(_ name: String) -> Int? { schema.index(of: name) }
        for request in 1...max(1, impressions) {
            let served = startMillis + Int64(random.nextUnit() * Double(span))
            let user = UserID(UInt64(1 + random.nextInt(below: 500)))
            let generation = GenerationID(UInt64(request))
            var items: [ImpressedItem] = []
            var vectors: [[Float]] = []
            for position in 0..<itemsPerPage {
                let post = PostID(UInt64(1 + random.nextInt(below: 5_000)))
                var vector = (0..<schema.count).map { _ in Float(random.nextUnit()) }
                for j in 0..<schema.count where random.nextUnit() < 0.05 { vector[j] = .nan }
                if let j = index("user_author_log_affinity_click") {
                    vector[j] = random.nextUnit() < 0.3 ? .nan : Float(log1p(-log(max(random.nextUnit(), 1e-9)) * 3))
                }
                if let j = index("user_post_topic_cosine") { vector[j] = Float(random.nextUnit() * 2 - 1) }
                if let j = index("post_engagement_rate_1d") { vector[j] = Float(pow(random.nextUnit(), 3) * 0.6) }
                if let j = index("post_negative_rate_1d") { vector[j] = Float(pow(random.nextUnit(), 6) * 0.3) }
                if let j = index("user_follows_author") { vector[j] = random.nextUnit() < 0.2 ? 1 : 0 }
                if let j = index("post_freshness") { vector[j] = Float(1 / (1 + random.nextUnit() * 48)) }
                items.append(ImpressedItem(post: post, position: position))
                vectors.append(vector)
            }
            featureLog.insert(user: user, generation: generation, posts: items.map(\.post), features: vectors)
            let impression = ImpressionRecord(
                requestID: RequestID(UInt64(request)), user: user, generation: generation, modelVersion: "synthetic",
                servedAt: served, items: items)
            timed.append((served, timed.count, .impression(impression)))
            for (item, vector) in zip(items, vectors) {
                for action in ActionType.heads where random.nextUnit() < Self.trueProbability(action, features: vector, schema: schema) {
                    let delay = Int64(-log(max(random.nextUnit(), 1e-12)) * meanActionDelayMillis)
                    let time = served + delay
                    var arrival = time + Int64(random.nextInt(below: 60_000))
                    if random.nextUnit() < lateUploadFraction { arrival += Int64(20 + random.nextInt(below: 20)) * 3_600_000 }
                    eventCounter += 1
                    let record = ActionRecord(
                        user: user, post: item.post, action: action, clientEventID: "s\(seed)-\(eventCounter)",
                        requestID: random.nextUnit() < withoutRequestFraction ? nil : impression.requestID, time: time)
                    timed.append((arrival, timed.count, .action(record)))
                    if random.nextUnit() < retryFraction {
                        timed.append((arrival + Int64(random.nextInt(below: 600_000)), timed.count, .action(record)))
                    }
                }
                if random.nextUnit() < 0.3 {
                    eventCounter += 1
                    let time = served + Int64(random.nextInt(below: 120_000))
                    let record = ActionRecord(
                        user: user, post: item.post, action: .dwell, clientEventID: "s\(seed)-\(eventCounter)",
                        requestID: impression.requestID, time: time, dwellMillis: Int64(500 + random.nextInt(below: 20_000)))
                    timed.append((time, timed.count, .action(record)))
                }
            }
            if random.nextUnit() < orphanFraction * Double(itemsPerPage) {
                eventCounter += 1
                let record = ActionRecord(
                    user: UserID(UInt64(10_000 + random.nextInt(below: 100))), post: PostID(UInt64(random.nextInt(below: 5_000))),
                    action: .click, clientEventID: "s\(seed)-\(eventCounter)", time: served + 1_000)
                timed.append((served + 1_000, timed.count, .action(record)))
            }
        }
        timed.sort { ($0.arrival, $0.order) < ($1.arrival, $1.order) }
        var events: [JoinEvent] = []
        var nextWatermark = startMillis + watermarkEveryMillis
        for entry in timed {
            while entry.arrival >= nextWatermark {
                events.append(.watermark(nextWatermark - watermarkLagMillis))
                nextWatermark += watermarkEveryMillis
            }
            events.append(entry.event)
        }
        events.append(.watermark((timed.last?.arrival ?? startMillis) + JoinConfiguration.maximumWindowMillis))
        return Output(events: events, featureLog: featureLog)
    }
}

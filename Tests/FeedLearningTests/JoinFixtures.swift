import FeedCore
@testable import FeedLearning

/// Small hand-built inputs for join tests: 3-feature vectors, a 10-second window.
enum JoinFixtures {
    static let window: Int64 = 10_000

    static func configuration(rate: Double = 1, retention: Int64? = nil) -> JoinConfiguration {
        try! JoinConfiguration(windowMillis: window, negativeSamplingRate: rate, featureCount: 3, lateRetentionMillis: retention)
    }

    /// Features `[generation, position, post]`; `nil` for generation 666, a short vector for 777.
    struct TestFeatureLog: FeatureLogLookup {
        func features(user: UserID, generation: GenerationID, item: ImpressedItem) -> [Float]? {
            if generation == 666 { return nil }
            if generation == 777 { return [1] }
            return [Float(generation.rawValue), Float(item.position), Float(item.post.rawValue)]
        }
    }

    static let features = TestFeatureLog()

    static func impression(
        _ request: UInt64, user: UInt64 = 1, generation: UInt64 = 100, at time: Int64, posts: [UInt64]
    ) -> ImpressionRecord {
        ImpressionRecord(
            requestID: RequestID(request), user: UserID(user), generation: GenerationID(generation), modelVersion: "m1",
            servedAt: time,
            items: posts.enumerated().map { ImpressedItem(post: PostID($0.element), position: $0.offset) })
    }

    static func action(
        _ type: ActionType, user: UInt64 = 1, post: UInt64, request: UInt64? = nil, at time: Int64, event: String,
        dwell: Int64 = 0
    ) -> ActionRecord {
        ActionRecord(
            user: UserID(user), post: PostID(post), action: type, clientEventID: event,
            requestID: request.map { RequestID($0) }, time: time, dwellMillis: dwell)
    }

    /// Runs `events` through a fresh join and returns every emitted row.
    static func run(
        _ events: [JoinEvent], configuration: JoinConfiguration, features: some FeatureLogLookup = TestFeatureLog()
    ) -> (rows: [TrainingRow], joiner: Joiner) {
        var joiner = Joiner(configuration: configuration)
        var rows: [TrainingRow] = []
        for event in events { rows += joiner.process(event, features: features) }
        return (rows, joiner)
    }
}

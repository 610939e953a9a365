import FeedCore
import Testing

@testable import FeedLearning

/// `Joiner.featureNeeds(closingBy:)` lets the Redis join prefetch only some vectors; it must never
/// leave out one the advance reads.
@Suite("Feature needs of closing impressions")
struct FeatureNeedsTests {
    /// A lookup answering only for the (generation, item) pairs it was given.
    struct RestrictedLookup: FeatureLogLookup {
        var full: FeatureLogTable
        var allowed: Set<String>
        func features(user: UserID, generation: GenerationID, item: ImpressedItem) -> [Float]? {
            allowed.contains("\(generation.rawValue)/\(item.position)/\(item.post.rawValue)")
                ? full.features(user: user, generation: generation, item: item) : nil
        }
    }

    @Test("a join fed only the needed vectors emits the same rows and counters as one fed all", arguments: [1.0, 0.3, 0.05])
    func neededVectorsSuffice(rate: Double) throws {
        let input = SyntheticFeedback(seed: 9, impressions: 500, hours: 30).generate()
        let configuration = try JoinConfiguration(negativeSamplingRate: rate)
        let reference = JoinFixtures.run(input.events, configuration: configuration, features: input.featureLog)
        var joiner = Joiner(configuration: configuration)
        var rows: [TrainingRow] = []
        var needed = 0
        var closingItems = 0
        for event in input.events {
            guard case .watermark(let time) = event else {
                rows += joiner.process(event, features: input.featureLog)
                continue
            }
            let needs = joiner.featureNeeds(closingBy: time)
            #expect(needs.map(\.impression) == joiner.impressionsClosing(by: time))
            let allowed = Set(needs.flatMap { need in
                need.items.map { "\(need.impression.generation.rawValue)/\($0.position)/\($0.post.rawValue)" }
            })
            needed += allowed.count
            closingItems += needs.reduce(0) { $0 + $1.impression.items.count }
            rows += joiner.advance(to: time, features: RestrictedLookup(full: input.featureLog, allowed: allowed))
        }
        #expect(rows == reference.rows)
        #expect(joiner.counters == reference.joiner.counters)
        #expect(reference.joiner.counters.rowsEmitted > 0)
        #expect(needed >= reference.joiner.counters.rowsEmitted + reference.joiner.counters.missingFeatures)
        if rate == 1 { #expect(needed == closingItems) }
        if rate <= 0.05 { #expect(2 * needed < closingItems, "needed \(needed) of \(closingItems)") }
    }
}

import FeedCore
import Foundation
import Testing

@testable import FeedLearning

/// The pure half of the exactly-once proof: stopping the join anywhere, encoding its state and
/// resuming from the decoded state yields exactly the rows and counters of an uninterrupted run.
@Suite("Join checkpoint and restore")
struct CheckpointTests {
    typealias F = JoinFixtures

    /// A mixed input: impressions of several users, attributed, late, orphan and duplicate actions,
    /// an action before its impression, missing feature logs and watermarks in between.
    static func events(seed: UInt64, count: Int = 160) -> [JoinEvent] {
        var random = SplitMix64(seed: seed)
        var events: [JoinEvent] = []
        var impressions: [ImpressionRecord] = []
        var clock: Int64 = 0
        var eventID = 0
        var lastWatermark: Int64 = 0
        while events.count < count {
            clock += Int64(random.nextInt(below: 700))
            switch random.nextInt(below: 10) {
            case 0...2:
                let request = UInt64(impressions.count + 1)
                let generation: UInt64 = random.nextInt(below: 12) == 0 ? 666 : 100 + request
                let posts = (0..<(1 + random.nextInt(below: 4))).map { _ in UInt64(1 + random.nextInt(below: 20)) }
                let impression = F.impression(
                    request, user: UInt64(1 + random.nextInt(below: 3)), generation: generation, at: clock,
                    posts: Array(Set(posts)).sorted())
                impressions.append(impression)
                events.append(.impression(impression))
            case 3...7:
                eventID += 1
                let action = ActionType.allCases[random.nextInt(below: ActionType.allCases.count)]
                if let impression = impressions.randomElement(using: &random), random.nextInt(below: 6) != 0 {
                    let item = impression.items.randomElement(using: &random)!
                    let withRequest = random.nextInt(below: 2) == 0
                    let time = impression.servedAt + Int64(random.nextInt(below: Int(F.window) + 2_000))
                    let id = random.nextInt(below: 8) == 0 ? "e\(max(1, eventID - 1))" : "e\(eventID)"
                    events.append(.action(F.action(
                        action, user: impression.user.rawValue, post: item.post.rawValue,
                        request: withRequest ? impression.requestID.rawValue : nil, at: time, event: id,
                        dwell: Int64(random.nextInt(below: 5_000)))))
                } else {
                    events.append(.action(F.action(
                        action, user: 9, post: UInt64(random.nextInt(below: 30)), at: clock, event: "e\(eventID)")))
                }
            default:
                lastWatermark = max(lastWatermark, clock - Int64(random.nextInt(below: 3_000)))
                events.append(.watermark(lastWatermark))
            }
        }
        events.append(.watermark(clock + 100_000))
        return events
    }

    static func encode(_ state: JoinState) throws -> Data { try state.checkpointData() }

    @Test("restoring at every position of the input gives the uninterrupted output", arguments: [1, 2, 3] as [UInt64])
    func restoreEverywhere(seed: UInt64) throws {
        let events = Self.events(seed: seed)
        let configuration = F.configuration(rate: 0.5, retention: 4_000)
        let (reference, finalJoiner) = F.run(events, configuration: configuration)
        let counters = finalJoiner.counters
        #expect(reference.count > 20)
        #expect(counters.late > 0 && counters.orphans > 0 && counters.duplicates > 0 && counters.missingFeatures > 0)
        #expect(counters.negativesDropped > 0 && counters.attributed > 0)
        for cut in 0...events.count {
            var joiner = Joiner(configuration: configuration)
            var rows: [TrainingRow] = []
            for event in events[..<cut] { rows += joiner.process(event, features: F.features) }
            let bytes = try Self.encode(joiner.state)
            let decoded = try JoinState.restore(checkpoint: bytes)
            #expect(decoded == joiner.state)
            #expect(try Self.encode(decoded) == bytes)
            var restored = Joiner(restoring: decoded)
            for event in events[cut...] { rows += restored.process(event, features: F.features) }
            #expect(rows == reference, "cut at \(cut)")
            #expect(restored.counters == counters, "cut at \(cut)")
            #expect(restored.state == finalJoiner.state, "cut at \(cut)")
        }
    }

    @Test("the same input always gives the same checkpoint bytes")
    func canonicalBytes() throws {
        let events = Self.events(seed: 9, count: 80).dropLast()
        let a = F.run(Array(events), configuration: F.configuration()).joiner.state
        let b = F.run(Array(events), configuration: F.configuration()).joiner.state
        #expect(try Self.encode(a) == Self.encode(b))
    }
}

import FeedCore
import Testing

@testable import FeedLearning

@Suite("Impression–action join")
struct JoinTests {
    typealias F = JoinFixtures

    @Test("window edges: last millisecond attributed, the end itself late; rows wait for the watermark")
    func windowEdges() {
        var joiner = Joiner(configuration: F.configuration())
        joiner.add(F.impression(1, at: 1_000, posts: [11, 12, 13]))
        joiner.add(F.action(.click, post: 11, request: 1, at: 2_000, event: "e1"))
        joiner.add(F.action(.like, post: 12, at: 10_999, event: "e2"))  // last ms inside, no request id
        joiner.add(F.action(.hide, post: 13, at: 11_000, event: "e3"))  // exactly at the window end
        #expect(joiner.advance(to: 10_999, features: F.features).isEmpty)
        let rows = joiner.advance(to: 11_000, features: F.features)
        #expect(rows.map(\.post) == [11, 12, 13])
        #expect(rows.map(\.position) == [0, 1, 2])
        #expect(rows[0].labels == ActionLabels([.click]))
        #expect(rows[1].labels == ActionLabels([.like]))
        #expect(rows[2].labels == ActionLabels())
        #expect(rows[0].features == [100, 0, 11])
        #expect(rows.allSatisfy { $0.weight == 1 && $0.modelVersion == "m1" && $0.generation == 100 && $0.servedAt == 1_000 })
        #expect(joiner.counters.late == 0 && joiner.state.pendingActionCount == 1)
        #expect(joiner.advance(to: 11_001, features: F.features).isEmpty)
        #expect(joiner.counters.late == 1)
        #expect(joiner.counters.attributed == 2)
        #expect(joiner.counters.rowsEmitted == 3)
        #expect(joiner.counters.positives[.click] == 1 && joiner.counters.positives[.like] == 1)
    }

    @Test("actions arriving after the row was emitted are late, with or without request id")
    func lateActions() {
        let events: [JoinEvent] = [
            .impression(F.impression(1, at: 0, posts: [11, 12])),
            .watermark(10_000),
            .action(F.action(.click, post: 11, request: 1, at: 9_000, event: "a")),  // in window, arrived late
            .action(F.action(.like, post: 12, at: 5_000, event: "b")),
            .watermark(20_000),
        ]
        let (rows, joiner) = F.run(events, configuration: F.configuration())
        #expect(rows.count == 2 && rows.allSatisfy { !$0.labels.hasPositive })
        #expect(joiner.counters.late == 2 && joiner.counters.orphans == 0)
    }

    @Test("orphans: unknown request, unknown post, another user, action before any impression")
    func orphans() {
        let events: [JoinEvent] = [
            .impression(F.impression(1, user: 1, at: 1_000, posts: [11])),
            .action(F.action(.click, post: 99, request: 1, at: 2_000, event: "a")),  // post not on the page
            .action(F.action(.click, user: 2, post: 11, request: 1, at: 2_000, event: "b")),  // not the reader
            .action(F.action(.click, post: 11, request: 42, at: 500, event: "c")),  // before the impression
            .action(F.action(.like, user: 3, post: 5, at: 3_000, event: "d")),
            .watermark(20_000),
        ]
        let (rows, joiner) = F.run(events, configuration: F.configuration())
        #expect(rows.count == 1 && !rows[0].labels.hasPositive)
        #expect(joiner.counters.orphans == 4 && joiner.counters.attributed == 0)
    }

    @Test("late retention: an action on an impression forgotten long ago is an orphan")
    func retention() {
        let events: [JoinEvent] = [
            .impression(F.impression(1, at: 0, posts: [11])),
            .watermark(10_000),  // closes; remembered until 10_000 + 5_000
            .watermark(15_000),
            .action(F.action(.click, post: 11, request: 1, at: 1_000, event: "a")),
        ]
        let (_, joiner) = F.run(events, configuration: F.configuration(retention: 5_000))
        #expect(joiner.counters.orphans == 1 && joiner.counters.late == 0)
        #expect(joiner.state.closedImpressionCount == 0)
    }

    @Test("duplicates count once: same client event id, or same user/item/action; dwell keeps the longest")
    func duplicates() {
        let events: [JoinEvent] = [
            .impression(F.impression(1, at: 0, posts: [11, 12])),
            .action(F.action(.click, post: 11, request: 1, at: 100, event: "a")),
            .action(F.action(.click, post: 11, request: 1, at: 100, event: "a")),  // retried upload
            .action(F.action(.click, post: 11, at: 200, event: "b")),  // second click on the same item
            .action(F.action(.dwell, post: 12, at: 300, event: "c", dwell: 1_500)),
            .action(F.action(.dwell, post: 12, at: 400, event: "d", dwell: 900)),
            .action(F.action(.dwell, post: 12, at: 400, event: "d", dwell: 9_999)),  // duplicate event id
            .impression(F.impression(1, at: 0, posts: [11, 12])),  // redelivered impression
            .watermark(10_000),
        ]
        let (rows, joiner) = F.run(events, configuration: F.configuration())
        #expect(rows.count == 2)
        #expect(rows[0].labels == ActionLabels([.click]))
        #expect(rows[1].labels == ActionLabels([], dwellMillis: 1_500))
        #expect(joiner.counters.duplicates == 3)
        #expect(joiner.counters.duplicateImpressions == 1)
        #expect(joiner.counters.attributed == 3)
        #expect(joiner.counters.positives[.click] == 1)
    }

    @Test("an action that arrives before its impression (merged streams) is still attributed")
    func actionBeforeImpression() {
        let events: [JoinEvent] = [
            .action(F.action(.share, post: 11, request: 1, at: 1_500, event: "a")),
            .impression(F.impression(1, at: 1_000, posts: [11])),
            .watermark(11_000),
        ]
        let (rows, joiner) = F.run(events, configuration: F.configuration())
        #expect(rows.count == 1 && rows[0].labels == ActionLabels([.share]))
        #expect(joiner.counters.orphans == 0)
    }

    @Test("without a request id the user's latest impression of the post served before the action wins")
    func lastTouch() {
        let events: [JoinEvent] = [
            .impression(F.impression(1, generation: 100, at: 1_000, posts: [11])),
            .impression(F.impression(2, generation: 101, at: 3_000, posts: [12, 11])),
            .impression(F.impression(3, generation: 102, at: 6_000, posts: [11])),  // after the action
            .action(F.action(.comment, post: 11, at: 5_000, event: "a")),
            .watermark(20_000),
        ]
        let (rows, _) = F.run(events, configuration: F.configuration())
        #expect(rows.map(\.requestID) == [1, 2, 2, 3])
        #expect(rows.filter(\.labels.hasPositive).map(\.requestID) == [2])
        #expect(rows[2].post == 11 && rows[2].position == 1 && rows[2].labels.comment)
    }

    @Test("missing or malformed feature logs are counted, never invented")
    func missingFeatures() {
        let events: [JoinEvent] = [
            .impression(F.impression(1, generation: 666, at: 0, posts: [11, 12])),
            .impression(F.impression(2, generation: 777, at: 0, posts: [13])),
            .impression(F.impression(3, generation: 100, at: 0, posts: [14])),
            .watermark(10_000),
        ]
        let (rows, joiner) = F.run(events, configuration: F.configuration())
        #expect(rows.map(\.post) == [14])
        #expect(joiner.counters.missingFeatures == 3 && joiner.counters.rowsEmitted == 1)
    }

    @Test("negative downsampling: positives always kept, negatives by the hash, weight 1/w")
    func downsampling() {
        let rate = 0.25
        var events: [JoinEvent] = []
        for request in 1...200 {
            let id = UInt64(request)
            let posts: [UInt64] = [id * 10, id * 10 + 1]
            events.append(.impression(F.impression(id, user: 7, at: Int64(request), posts: posts)))
            if request % 10 == 0 {
                let click = F.action(.click, user: 7, post: id * 10, request: id, at: Int64(request) + 5, event: "c\(request)")
                events.append(.action(click))
            }
        }
        events.append(.watermark(100_000))
        let (rows, joiner) = F.run(events, configuration: F.configuration(rate: rate))
        let sampler = NegativeSampler(rate: rate)
        let positives = rows.filter(\.labels.hasPositive)
        let negatives = rows.filter { !$0.labels.hasPositive }
        #expect(positives.count == 20 && positives.allSatisfy { $0.weight == 1 })
        #expect(negatives.allSatisfy { $0.weight == 4 && sampler.keeps(request: $0.requestID, post: $0.post) })
        #expect(negatives.count + joiner.counters.negativesDropped == 380)
        var expectedKept = 0
        for request in 1...200 {
            for post in [request * 10, request * 10 + 1] where !(request % 10 == 0 && post == request * 10) {
                if sampler.keeps(request: RequestID(UInt64(request)), post: PostID(UInt64(post))) { expectedKept += 1 }
            }
        }
        #expect(negatives.count == expectedKept)
        #expect(abs(Double(negatives.count) / 380 - rate) < 0.08)
    }

    @Test("invalid parameters are rejected")
    func configurationLimits() {
        #expect(throws: JoinConfigurationError.self) { try JoinConfiguration(windowMillis: 15 * 24 * 3_600_000) }
        #expect(throws: JoinConfigurationError.self) { try JoinConfiguration(windowMillis: 0) }
        #expect(throws: JoinConfigurationError.self) { try JoinConfiguration(negativeSamplingRate: 0) }
        #expect(throws: JoinConfigurationError.self) { try JoinConfiguration(negativeSamplingRate: 1.5) }
        #expect((try? JoinConfiguration(windowMillis: JoinConfiguration.maximumWindowMillis)) != nil)
    }

    @Test("impressionsClosing lists what the next advance emits, in order")
    func closingPreview() {
        var joiner = Joiner(configuration: F.configuration())
        joiner.add(F.impression(2, at: 500, posts: [1]))
        joiner.add(F.impression(1, at: 500, posts: [2]))
        joiner.add(F.impression(3, at: 5_000, posts: [3]))
        #expect(joiner.impressionsClosing(by: 10_500).map(\.requestID) == [1, 2])
        #expect(joiner.advance(to: 10_500, features: F.features).map(\.requestID) == [1, 2])
    }
}

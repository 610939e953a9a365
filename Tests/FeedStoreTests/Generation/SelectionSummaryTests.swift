import FeedCore
@testable import FeedStore
import Foundation
import Testing

@Suite("Selection diagnostics (pure)")
struct SelectionSummaryTests {
    func outcome(items: Int) -> GenerationOutcome {
        let ranked = (0..<items).map {
            RankedItem(post: PostID(UInt64($0)), author: 1, mediaType: .text, position: $0, score: 1, rawScore: 1,
                       reason: .fallback, isExplorationSlot: false)
        }
        return GenerationOutcome(
            user: 1, generation: GenerationID(1), previous: nil, status: .written, modelVersion: "m", items: ranked,
            candidatesBySource: [:], isColdStart: true, followedSince: 0)
    }

    @Test func countsSourcesAndThinAndEmptyFeeds() {
        var first = CandidateSelector.Selection()
        first.choices = [.init(post: 1, source: .followedNew), .init(post: 2, source: .fallback)]
        first.followedSinceLastGeneration = 1
        var second = CandidateSelector.Selection()
        second.choices = [.init(post: 3, source: .fallback)]
        let failure: Result<GenerationOutcome, any Error> = .failure(CancellationError())
        let summary = SelectionSummary(
            selections: [first, second, nil, .init()],
            outcomes: [.success(outcome(items: 60)), .success(outcome(items: 3)), failure, .success(outcome(items: 0))],
            thinFeedItems: 50)
        #expect(summary.feeds == 3)
        #expect(summary.thinFeeds == 2)
        #expect(summary.emptyFeeds == 1)
        #expect(abs(summary.thinShare - 2.0 / 3.0) < 1e-9)
        #expect(summary.candidatesBySource == [.followedNew: 1, .fallback: 2])
        #expect(summary.followedSinceLastGeneration == 1)
        #expect(SelectionSummary().thinShare == 0)
    }

    @Test func theNoticeIsThrottled() {
        let throttle = LogThrottle(interval: .seconds(60))
        let start = ContinuousClock.now
        #expect(throttle.allow(at: start))
        #expect(!throttle.allow(at: start + .seconds(59)))
        #expect(throttle.allow(at: start + .seconds(61)))
    }
}

import Testing

@testable import FeedCore

/// Properties of the reranker over many seeded random candidate sets.
@Suite struct RerankerPropertyTests {
    static let seeds: [UInt64] = Array(1...120)

    static func randomConfig(_ random: inout SplitMix64) -> RerankConfig {
        let penalties: [AuthorPenalty] = [.none, .seedAdditive, .halving, .additive(perRepeat: 5), .multiplicative(decay: 0.1, floor: 0)]
        return RerankConfig(
            maxItems: [5, 50, 500][random.nextInt(below: 3)],
            authorPenalty: penalties[random.nextInt(below: penalties.count)],
            maxConsecutiveMediaType: [nil, 1, 2, 3][random.nextInt(below: 4)],
            explorationFraction: [0, 0.05, 0.3][random.nextInt(below: 3)],
            explorationStartPosition: random.nextInt(below: 4))
    }

    static func randomFilters(_ candidates: [Candidate], _ random: inout SplitMix64) -> RerankFilters {
        var filters = RerankFilters()
        for candidate in candidates {
            let roll = random.nextUnit()
            if roll < 0.03 { filters.hiddenAuthors.insert(candidate.post.author) }
            else if roll < 0.05 { filters.blockedAuthors.insert(candidate.post.author) }
            else if roll < 0.08 { filters.reportedPosts.insert(candidate.post.id) }
            else if roll < 0.15 { filters.seenPosts.insert(candidate.post.id) }
        }
        return filters
    }

    @Test(arguments: seeds)
    func feedIsDuplicateFreeFilteredSubset(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var generator = RandomCandidates(seed: seed)
        let (candidates, scores) = generator.make(
            count: 1 + random.nextInt(below: 600), authorCount: 1 + random.nextInt(below: 80))
        let config = Self.randomConfig(&random)
        let filters = Self.randomFilters(candidates, &random)
        let feed = Reranker(config: config).rerank(candidates, scores: scores, filters: filters, user: 42, generation: 7)

        let allowed = Set(candidates.filter { filters.allows($0.post) }.map(\.post.id))
        let ids = feed.map(\.post)
        #expect(Set(ids).count == ids.count, "duplicate post in feed")
        #expect(ids.allSatisfy { allowed.contains($0) }, "feed item not an allowed candidate")
        #expect(feed.count == min(config.maxItems, allowed.count))
        #expect(feed.enumerated().allSatisfy { $0.offset == $0.element.position })
        for item in feed {
            #expect(!filters.hiddenAuthors.contains(item.author) && !filters.blockedAuthors.contains(item.author))
            #expect(!filters.reportedPosts.contains(item.post) && !filters.seenPosts.contains(item.post))
        }
    }

    @Test(arguments: seeds)
    func withoutPenaltiesTheFeedIsSortedByScore(seed: UInt64) {
        var generator = RandomCandidates(seed: seed)
        let (candidates, scores) = generator.make(count: 300, authorCount: 20)
        let feed = Reranker(config: .scoreOrder).rerank(candidates, scores: scores, user: 1, generation: 1)
        let ranked = feed.map { $0.rawScore.isNaN ? -Float.infinity : $0.rawScore }
        #expect(zip(ranked, ranked.dropFirst()).allSatisfy { $0 >= $1 }, "not sorted by score")
        #expect(feed.allSatisfy { $0.score == $0.rawScore || $0.rawScore.isNaN })
        // It is the best of each post.
        var best: [PostID: Float] = [:]
        for (candidate, score) in zip(candidates, scores) {
            let s = score.isNaN ? -Float.infinity : score
            best[candidate.post.id] = max(best[candidate.post.id] ?? -.infinity, s)
        }
        #expect(feed.allSatisfy { ($0.rawScore.isNaN ? -Float.infinity : $0.rawScore) == best[$0.post] })
    }

    @Test(arguments: seeds)
    func strongAuthorPenaltySpreadsAuthors(seed: UInt64) {
        var generator = RandomCandidates(seed: seed)
        let (candidates, scores) = generator.make(count: 400, authorCount: 5 + Int(seed % 60))
        for penalty in [AuthorPenalty.additive(perRepeat: 1_000), .multiplicative(decay: 0, floor: 0)] {
            let config = RerankConfig(authorPenalty: penalty, maxConsecutiveMediaType: nil, explorationFraction: 0)
            let feed = Reranker(config: config).rerank(candidates, scores: scores, user: 3, generation: 9)
            let distinctAuthors = Set(feed.map(\.author)).count
            let prefix = feed.prefix(distinctAuthors).map(\.author)
            #expect(Set(prefix).count == prefix.count, "an author repeats while others were still available")
            // Within the first round, still in score order.
            let prefixScores = feed.prefix(distinctAuthors).map { $0.rawScore.isNaN ? -Float.infinity : $0.rawScore }
            #expect(zip(prefixScores, prefixScores.dropFirst()).allSatisfy { $0 >= $1 })
        }
    }

    @Test(arguments: seeds)
    func mediaRunsAreCappedWhileOtherMediaRemain(seed: UInt64) {
        var generator = RandomCandidates(seed: seed)
        let (candidates, scores) = generator.make(count: 200, authorCount: 30)
        let limit = 1 + Int(seed % 3)
        let config = RerankConfig(authorPenalty: .halving, maxConsecutiveMediaType: limit, explorationFraction: 0.1)
        let feed = Reranker(config: config).rerank(candidates, scores: scores, user: 5, generation: GenerationID(seed))
        var run = 0
        for (index, item) in feed.enumerated() {
            run = index > 0 && feed[index - 1].mediaType == item.mediaType ? run + 1 : 1
            if run > limit {
                // Allowed only when nothing of another media type was left.
                #expect(feed[index...].allSatisfy { $0.mediaType == item.mediaType }, "run of \(run) at \(index)")
            }
        }
    }

    @Test(arguments: Array(seeds.prefix(40)))
    func explorationIsDeterministicPerUserAndGeneration(seed: UInt64) {
        var generator = RandomCandidates(seed: seed)
        var (candidates, scores) = generator.make(count: 300, authorCount: 40)
        for index in candidates.indices where index % 4 == 0 { candidates[index].isExplorationEligible = true }
        scores = scores.map { $0.isNaN ? $0 : abs($0) }
        let reranker = Reranker(config: RerankConfig(explorationFraction: 0.2, explorationStartPosition: 2))
        let a = reranker.rerank(candidates, scores: scores, user: 11, generation: 100)
        let b = reranker.rerank(candidates, scores: scores, user: 11, generation: 100)
        // (RankedItem's == is false for NaN raw scores, so compare what identifies the feed.)
        func shape(_ feed: [RankedItem]) -> [String] { feed.map { "\($0.post)/\($0.reason)/\($0.score)" } }
        #expect(shape(a) == shape(b))
        let explored = a.filter(\.isExplorationSlot)
        #expect(!explored.isEmpty)
        for item in a.prefix(2) where item.reason == .exploration {
            // No slot above the start position: only a candidate whose own source is exploration.
            #expect(candidates.contains { $0.post.id == item.post && $0.source == .exploration })
        }
        let eligible = Set(candidates.filter(\.isExplorationEligible).map(\.post.id))
        #expect(explored.allSatisfy { eligible.contains($0.post) })
        let others = (101...105).map { reranker.rerank(candidates, scores: scores, user: 11, generation: GenerationID(UInt64($0))) }
        #expect(others.contains { shape($0) != shape(a) }, "exploration ignores the generation")
    }

    @Test func explorationShareFollowsTheFraction() {
        var generator = RandomCandidates(seed: 99)
        var (candidates, scores) = generator.make(count: 500, authorCount: 200)
        for index in candidates.indices { candidates[index].isExplorationEligible = index % 2 == 0 }
        scores = scores.map { $0.isNaN ? 0 : abs($0) }
        let feed = Reranker(config: RerankConfig(authorPenalty: .none, maxConsecutiveMediaType: nil, explorationFraction: 0.1))
            .rerank(candidates, scores: scores, user: 1, generation: 2)
        let explored = feed.filter(\.isExplorationSlot).count
        #expect(feed.filter(\.isExplorationSlot).allSatisfy { $0.reason == .exploration && $0.position >= 3 })
        #expect(explored >= 25 && explored <= 75, "explored \(explored) of \(feed.count)")
    }

    @Test func handCheckedPenalties() {
        #expect(AuthorPenalty.seedAdditive.apply(1, repeats: 3) == 0.7)
        #expect(AuthorPenalty.halving.apply(1, repeats: 0) == 1)
        #expect(AuthorPenalty.halving.apply(1, repeats: 1) == 0.625)
        #expect(AuthorPenalty.halving.apply(1, repeats: 2) == 0.4375)
        #expect(AuthorPenalty.halving.apply(-1, repeats: 1) == -1.6)
        #expect(AuthorPenalty.none.apply(1, repeats: 9) == 1)

        // Author A has the three best posts; with the seed's −0.1 per repeat B's 0.85 goes second.
        let posts: [(UInt64, UInt64, Float)] = [(1, 1, 1.0), (2, 1, 0.95), (3, 1, 0.9), (4, 2, 0.85), (5, 3, 0.5)]
        let candidates = posts.map { Candidate(post: Post(id: PostID($0.0), author: AuthorID($0.1), createdAt: 0, mediaType: .text), source: .popular) }
        let config = RerankConfig(authorPenalty: .seedAdditive, maxConsecutiveMediaType: nil, explorationFraction: 0)
        let feed = Reranker(config: config).rerank(candidates, scores: posts.map(\.2), user: 1, generation: 1)
        #expect(feed.map(\.post.rawValue) == [1, 4, 2, 3, 5])
        #expect(zip(feed.map(\.score), [1.0, 0.85, 0.85, 0.7, 0.5] as [Float]).allSatisfy { abs($0 - $1) < 1e-6 })
        #expect(feed.map(\.reason) == Array(repeating: .popular, count: 5))
    }

    @Test func mediaSpacingPushesLaterItemsDown() {
        // Five videos score above two texts; with K = 2 the texts are interleaved.
        let media: [MediaType] = [.video, .video, .video, .video, .video, .text, .text]
        let candidates = media.enumerated().map {
            Candidate(post: Post(id: PostID(UInt64($0.offset)), author: AuthorID(UInt64($0.offset)), createdAt: 0, mediaType: $0.element), source: .followedNew)
        }
        let scores: [Float] = [7, 6, 5, 4, 3, 2, 1]
        let config = RerankConfig(authorPenalty: .none, maxConsecutiveMediaType: 2, explorationFraction: 0)
        let feed = Reranker(config: config).rerank(candidates, scores: scores, user: 1, generation: 1)
        #expect(feed.map(\.post.rawValue) == [0, 1, 5, 2, 3, 6, 4])
    }

    @Test func emptyAndTinyInputs() {
        let reranker = Reranker()
        #expect(reranker.rerank([], scores: [], user: 1, generation: 1).isEmpty)
        let one = [Candidate(post: Post(id: 1, author: 1, createdAt: 0, mediaType: .image), source: .fallback)]
        #expect(reranker.rerank(one, scores: [.nan], user: 1, generation: 1).map(\.post) == [1])
        var zero = RerankConfig()
        zero.maxItems = 0
        #expect(Reranker(config: zero).rerank(one, scores: [1], user: 1, generation: 1).isEmpty)
    }
}

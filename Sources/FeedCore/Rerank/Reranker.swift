/// Turns scored candidates into a feed: hard filters, repeated-author penalty, media-type spacing
/// and exploration slots, greedily, position by position.
///
/// Cost is O(n log n) for n candidates. Candidates are grouped by (author, media type) in score order;
/// one heap per media type holds each group's best remaining item. An author's penalty changes only
/// when one of their posts is placed, and only lowers scores, so heap keys are upper bounds and stale
/// entries are re-scored lazily when they reach the top.
public struct Reranker: Sendable {
    /// Penalties, spacing, exploration and feed length.
    public var config: RerankConfig

    public init(config: RerankConfig = RerankConfig()) {
        self.config = config
    }

    /// The feed for `candidates` with value scores `scores` (same order, same count).
    ///
    /// Filtered candidates never appear; a post proposed twice appears once (its higher score);
    /// a NaN score ranks last. Exploration slots are drawn from `SplitMix64(user:generation:)`, so the
    /// same inputs always give the same feed.
    public func rerank(
        _ candidates: [Candidate], scores: [Float], filters: RerankFilters = .none, user: UserID,
        generation: GenerationID
    ) -> [RankedItem] {
        precondition(candidates.count == scores.count, "one score per candidate")
        let maxItems = max(0, config.maxItems)
        guard maxItems > 0, !candidates.isEmpty else { return [] }
        let filtering = !(filters.hiddenAuthors.isEmpty && filters.blockedAuthors.isEmpty
            && filters.reportedPosts.isEmpty && filters.seenPosts.isEmpty)

        // Eligible candidates in raw-score order (ties: input order); a rank is a position in this order.
        // Sorting packed integer keys (descending score key, then index) is much cheaper than a closure.
        let sanitized = scores.map { $0.isNaN ? -Float.infinity : $0 }
        var keys: [UInt64] = []
        keys.reserveCapacity(candidates.count)
        for index in candidates.indices where !filtering || filters.allows(candidates[index].post) {
            let ascending = UInt32(bitPattern: sanitized[index].orderedKey) ^ 0x8000_0000
            keys.append(UInt64(~ascending) << 32 | UInt64(index))
        }
        keys.sort()
        let order = keys.map { Int32(truncatingIfNeeded: $0) }

        // Drop repeated posts (keeping the best-scored), give authors dense ids, group into buckets.
        var state = RerankState(capacity: order.count)
        var postsSeen = IntegerIndex(capacity: order.count)
        var authorIDs = IntegerIndex(capacity: order.count)
        candidates.withUnsafeBufferPointer { candidates in
            for index in order {
                let i = Int(index)
                guard postsSeen.insert(candidates[i].post.id.rawValue, value: 0).inserted else { continue }
                let author = authorIDs.insert(candidates[i].post.author.rawValue, value: Int32(authorIDs.count)).value
                state.append(
                    candidate: index, score: sanitized[i], author: author,
                    media: Int32(candidates[i].post.mediaType.index),
                    explorable: candidates[i].isExplorationEligible && sanitized[i] >= config.explorationMinimumScore)
            }
        }
        state.finishBuckets(authorCount: authorIDs.count, penalty: config.authorPenalty)

        let slots = explorationSlots(count: min(maxItems, state.count), user: user, generation: generation)
        if slots.contains(true) { state.shuffleExplorationPool(user: user, generation: generation) }

        var feed: [RankedItem] = []
        feed.reserveCapacity(min(maxItems, state.count))
        var lastMedia: Int32 = -1
        var run = 0
        while feed.count < maxItems, state.remaining > 0 {
            var blocked: Int32 = -1
            if let limit = config.maxConsecutiveMediaType, run >= max(1, limit),
                state.remaining > state.remainingByMedia[Int(lastMedia)]
            {
                blocked = lastMedia
            }
            var pick: (rank: Int32, exploration: Bool)?
            if feed.count < slots.count, slots[feed.count], let rank = state.takeExploration(avoiding: blocked) {
                pick = (rank, true)
            } else if let rank = state.takeBest(avoiding: blocked) {
                pick = (rank, false)
            }
            guard let (rank, exploration) = pick else { break }
            let r = Int(rank)
            let c = Int(state.candidate[r])
            let post = candidates[c].post
            feed.append(
                RankedItem(
                    post: post.id, author: post.author, mediaType: post.mediaType, position: feed.count,
                    score: state.penalized(rank: r), rawScore: scores[c],
                    reason: exploration ? .exploration : candidates[c].source, isExplorationSlot: exploration))
            state.markPlaced(rank, fromHeap: !exploration)
            let media = state.media[r]
            run = media == lastMedia ? run + 1 : 1
            lastMedia = media
        }
        return feed
    }

    /// Which of the first `count` positions are exploration slots, drawn per (user, generation).
    func explorationSlots(count: Int, user: UserID, generation: GenerationID) -> [Bool] {
        let fraction = min(1, max(0, config.explorationFraction))
        guard fraction > 0, count > config.explorationStartPosition else { return [] }
        var random = SplitMix64(user: user, generation: generation, stream: 1)
        return (0..<count).map { position in
            let draw = random.nextUnit()
            return position >= config.explorationStartPosition && draw < fraction
        }
    }
}

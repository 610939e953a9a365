/// The reranker's working arrays for one call, indexed by rank (raw-score order).
struct RerankState {
    static let mediaCount = MediaType.count

    var candidate: [Int32] = []
    var score: [Float] = []
    var author: [Int32] = []
    var media: [Int32] = []
    var used: [Bool] = []
    var explorable: [Bool] = []
    /// Next item of the same (author, media) bucket, in rank order; -1 at the end.
    var nextInBucket: [Int32] = []
    var bucketOfRank: [Int32] = []
    var bucketHead: [Int32] = []
    var bucketTail: [Int32] = []
    var bucketBySlot: [Int32] = []
    var authorRepeats: [Int32] = []
    var remainingByMedia = [Int](repeating: 0, count: RerankState.mediaCount)
    var remaining = 0
    var heaps = [ScoreHeap](repeating: ScoreHeap(), count: RerankState.mediaCount)
    var explorationPool: [Int32] = []
    var explorationCursor = 0
    var penalty: AuthorPenalty = .none
    /// `penalty.multiplicativeFactor(repeats: k)` for every k, when the penalty is multiplicative.
    var factors: [Float] = []

    var count: Int { score.count }

    init(capacity: Int) {
        candidate.reserveCapacity(capacity)
        score.reserveCapacity(capacity)
        author.reserveCapacity(capacity)
        media.reserveCapacity(capacity)
        explorable.reserveCapacity(capacity)
    }

    mutating func append(candidate index: Int32, score value: Float, author id: Int32, media type: Int32, explorable canExplore: Bool) {
        candidate.append(index)
        score.append(value)
        author.append(id)
        media.append(type)
        explorable.append(canExplore)
    }

    /// Links every rank into its (author, media) bucket and seeds one heap entry per bucket.
    mutating func finishBuckets(authorCount: Int, penalty: AuthorPenalty) {
        self.penalty = penalty
        let n = score.count
        if case .multiplicative = penalty {
            factors = (0...n).map { penalty.multiplicativeFactor(repeats: $0) }
        }
        used = [Bool](repeating: false, count: n)
        nextInBucket = [Int32](repeating: -1, count: n)
        bucketOfRank = [Int32](repeating: -1, count: n)
        bucketBySlot = [Int32](repeating: -1, count: authorCount * RerankState.mediaCount)
        authorRepeats = [Int32](repeating: 0, count: authorCount)
        for rank in 0..<n {
            let slot = Int(author[rank]) * RerankState.mediaCount + Int(media[rank])
            var bucket = bucketBySlot[slot]
            if bucket < 0 {
                bucket = Int32(bucketHead.count)
                bucketBySlot[slot] = bucket
                bucketHead.append(Int32(rank))
                bucketTail.append(Int32(rank))
                heaps[Int(media[rank])].push(.init(key: score[rank], rank: Int32(rank), bucket: bucket, repeats: 0))
            } else {
                nextInBucket[Int(bucketTail[Int(bucket)])] = Int32(rank)
                bucketTail[Int(bucket)] = Int32(rank)
            }
            bucketOfRank[rank] = bucket
            if explorable[rank] { explorationPool.append(Int32(rank)) }
            remainingByMedia[Int(media[rank])] += 1
        }
        remaining = n
    }

    mutating func shuffleExplorationPool(user: UserID, generation: GenerationID) {
        var random = SplitMix64(user: user, generation: generation, stream: 2)
        var i = explorationPool.count - 1
        while i > 0 {
            explorationPool.swapAt(i, random.nextInt(below: i + 1))
            i -= 1
        }
    }

    /// The first unused item of a bucket at or after its head, or -1.
    mutating func firstUnused(inBucket bucket: Int32) -> Int32 {
        var rank = bucketHead[Int(bucket)]
        while rank >= 0, used[Int(rank)] { rank = nextInBucket[Int(rank)] }
        bucketHead[Int(bucket)] = rank
        return rank
    }

    /// The current penalized score of `rank`.
    @inline(__always)
    func penalized(rank: Int) -> Float {
        apply(score[rank], repeats: authorRepeats[Int(author[rank])])
    }

    /// `penalty.apply(score, repeats:)`, with multiplicative factors from the table.
    @inline(__always)
    func apply(_ score: Float, repeats: Int32) -> Float {
        if factors.isEmpty || repeats == 0 { return penalty.apply(score, repeats: Int(repeats)) }
        return AuthorPenalty.scale(score, by: factors[Int(repeats)])
    }

    /// The top of heap `media` after re-scoring stale entries, or nil when the heap is empty.
    mutating func validTop(media: Int) -> ScoreHeap.Entry? {
        while let top = heaps[media].top {
            let rank = used[Int(top.rank)] ? firstUnused(inBucket: top.bucket) : top.rank
            guard rank >= 0 else {
                heaps[media].popTop()
                continue
            }
            let repeats = authorRepeats[Int(author[Int(rank)])]
            if rank == top.rank, repeats == top.repeats { return top }
            let key = apply(score[Int(rank)], repeats: repeats)
            heaps[media].replaceTop(.init(key: key, rank: rank, bucket: top.bucket, repeats: repeats))
        }
        return nil
    }

    /// Removes and returns the best item whose media type is not `blocked`.
    mutating func takeBest(avoiding blocked: Int32) -> Int32? {
        var best: ScoreHeap.Entry?
        var bestMedia = -1
        for m in 0..<RerankState.mediaCount where m != Int(blocked) {
            guard let top = validTop(media: m) else { continue }
            if best.map({ top.outranks($0) }) ?? true {
                best = top
                bestMedia = m
            }
        }
        guard let best else { return nil }
        heaps[bestMedia].popTop()
        return best.rank
    }

    /// Takes the next exploration item (pool order) whose media type is not `blocked`.
    mutating func takeExploration(avoiding blocked: Int32) -> Int32? {
        while explorationCursor < explorationPool.count, used[Int(explorationPool[explorationCursor])] {
            explorationCursor += 1
        }
        var index = explorationCursor
        while index < explorationPool.count {
            let rank = explorationPool[index]
            if !used[Int(rank)], media[Int(rank)] != blocked { return rank }
            index += 1
        }
        return nil
    }

    /// Records that `rank` was placed. When it came from its heap, its bucket's next item goes back in.
    mutating func markPlaced(_ rank: Int32, fromHeap: Bool) {
        let r = Int(rank)
        used[r] = true
        remaining -= 1
        remainingByMedia[Int(media[r])] -= 1
        authorRepeats[Int(author[r])] += 1
        guard fromHeap else { return }
        let bucket = bucketOfRank[r]
        let next = firstUnused(inBucket: bucket)
        guard next >= 0 else { return }
        let repeats = authorRepeats[Int(author[Int(next)])]
        heaps[Int(media[r])].push(
            .init(key: apply(score[Int(next)], repeats: repeats), rank: next, bucket: bucket, repeats: repeats))
    }
}

import FeedCore

/// Seeded random candidate sets for property tests and benchmarks' sanity checks.
struct RandomCandidates {
    var random: SplitMix64

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    /// `count` candidates from about `authorCount` authors, mixed media and sources, with scores.
    /// Some post ids repeat (the same post proposed by two sources).
    mutating func make(count: Int, authorCount: Int) -> (candidates: [Candidate], scores: [Float]) {
        var candidates: [Candidate] = []
        var scores: [Float] = []
        for index in 0..<count {
            let repeatPost = index > 0 && random.nextUnit() < 0.03
            let post: Post
            if repeatPost {
                post = candidates[random.nextInt(below: candidates.count)].post
            } else {
                post = Post(
                    id: PostID(rawValue: UInt64(1_000 + index)),
                    author: AuthorID(rawValue: UInt64(1 + random.nextInt(below: max(1, authorCount)))),
                    createdAt: 1_700_000_000 - random.nextUnit() * 7 * 86_400,
                    mediaType: MediaType(index: random.nextInt(below: 4))!)
            }
            let source = CandidateSource.allCases[random.nextInt(below: CandidateSource.allCases.count)]
            candidates.append(Candidate(post: post, source: source))
            // A few ties and a NaN now and then.
            let roll = random.nextUnit()
            scores.append(roll < 0.02 ? .nan : roll < 0.1 ? 0.5 : Float(random.nextUnit() * 4 - 1))
        }
        return (candidates, scores)
    }
}

/// What the platform showed users before prefeed: a mix of recent posts by followed authors,
/// popular posts, and a crude topic recommender. Picks the post of one impression.
struct HistoricalFeed {
    let world: World
    /// User preferences, flat, `dimension` floats per user index.
    let preferences: [Float]
    let dimension: Int
    let followedShare: Double
    let exploreShare: Double

    /// How far back followed authors' posts are shown.
    static let followedWindow: Double = 48 * 3_600
    /// How far back popular and recommended posts come from.
    static let globalWindow: Double = 24 * 3_600

    init(world: World) {
        self.world = world
        dimension = world.config.topicDimension
        preferences = world.truths.flatMap(\.preference)
        followedShare = world.config.followedShare
        exploreShare = world.config.exploreShare
    }

    /// The recent posts (indices) a session starting at `time` can be shown besides followed ones.
    func globalWindow(at time: Double) -> Range<Int> {
        let end = world.posts.firstIndex(createdAtOrAfter: time)
        var start = world.posts.firstIndex(createdAtOrAfter: time - HistoricalFeed.globalWindow)
        if start == end { start = world.posts.firstIndex(createdAtOrAfter: time - 7 * 86_400) }
        return start..<end
    }

    /// One post for `user` (index) at `time`, and whether it came from a followed author.
    func pick(
        user: Int, at time: Double, window: Range<Int>, using random: inout Xoshiro256StarStar
    ) -> (post: Int, followed: Bool)? {
        let draw = random.unitDouble()
        if draw < followedShare, let post = pickFollowed(user: user, at: time, using: &random) {
            return (post, true)
        }
        guard !window.isEmpty else { return nil }
        if draw >= followedShare && draw < followedShare + exploreShare {
            return (pickRecommended(user: user, window: window, using: &random), false)
        }
        return (pickPopular(window: window, using: &random), false)
    }

    /// Topic match of `user`'s preference and `post`'s topics.
    @inline(__always)
    func match(user: Int, post: Int) -> Double {
        var sum: Float = 0
        let userStart = user * dimension
        let postStart = post * dimension
        let topics = world.posts.topics
        for component in 0..<dimension {
            sum += preferences[userStart + component] * topics[postStart + component]
        }
        return Double(sum)
    }

    /// A recent post of a followed author (newest more likely), trying a few followees.
    private func pickFollowed(user: Int, at time: Double, using random: inout Xoshiro256StarStar) -> Int? {
        let graph = world.follows
        let first = graph.offsets[user]
        let count = graph.offsets[user + 1] - first
        guard count > 0 else { return nil }
        for _ in 0..<3 {
            let edge = first + random.index(below: count)
            guard graph.createdAt[edge] <= time else { continue }
            let range = world.posts.authorPostRange(
                author: Int(graph.followees[edge]), from: time - HistoricalFeed.followedWindow, to: time)
            guard !range.isEmpty else { continue }
            let back = min(random.geometric(mean: 1.5), range.count - 1)
            return Int(world.posts.authorPosts[range.upperBound - 1 - back])
        }
        return nil
    }

    /// The post whose author has the most followers among three recent ones.
    private func pickPopular(window: Range<Int>, using random: inout Xoshiro256StarStar) -> Int {
        var best = window.lowerBound + random.index(below: window.count)
        var bestFollowers = world.follows.followerCounts[Int(world.posts.authors[best])]
        for _ in 0..<2 {
            let candidate = window.lowerBound + random.index(below: window.count)
            let followers = world.follows.followerCounts[Int(world.posts.authors[candidate])]
            if followers > bestFollowers {
                best = candidate
                bestFollowers = followers
            }
        }
        return best
    }

    /// The best topic match for `user` among six recent posts.
    private func pickRecommended(user: Int, window: Range<Int>, using random: inout Xoshiro256StarStar) -> Int {
        var best = window.lowerBound + random.index(below: window.count)
        var bestMatch = match(user: user, post: best)
        for _ in 0..<5 {
            let candidate = window.lowerBound + random.index(below: window.count)
            let candidateMatch = match(user: user, post: candidate)
            if candidateMatch > bestMatch {
                best = candidate
                bestMatch = candidateMatch
            }
        }
        return best
    }
}

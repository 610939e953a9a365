import FeedCore
@testable import FeedStore
import Testing

@Suite("Popularity prior (pure)")
struct PopularityPriorTests {
    static let now: Double = 1_800_000_000
    static let day: Double = 86_400

    @Test func twiceTheFollowersMakeUpForOneHalfLifeOfAge() {
        let fresh = PopularityPrior.score(followers: 99, createdAt: Self.now, now: Self.now, halfLife: Self.day)
        let older = PopularityPrior.score(followers: 199, createdAt: Self.now - Self.day, now: Self.now, halfLife: Self.day)
        #expect(abs(fresh - older) < 0.01)
        #expect(PopularityPrior.score(followers: 0, createdAt: Self.now + 60, now: Self.now, halfLife: Self.day) == 0,
                "no followers and a future time: log2(1) − 0")
    }

    @Test func rankOrdersByFollowersAndRecencyWithinBounds() {
        let posts = [
            TimelinePost(post: 1, author: 10, createdAt: Self.now - 3 * Self.day),  // 1000 followers, 3 d: 9.97 − 3
            TimelinePost(post: 2, author: 11, createdAt: Self.now - 3_600),  // 10 followers, 1 h: 3.46 − 0.04
            TimelinePost(post: 3, author: 10, createdAt: Self.now - 1 * Self.day),  // 9.97 − 1
            TimelinePost(post: 4, author: 10, createdAt: Self.now - 20 * Self.day),  // too old
            TimelinePost(post: 5, author: 12, createdAt: Self.now - 3_600),  // author not in the index
            TimelinePost(post: 6, author: 11, createdAt: Self.now + 3_600),  // future
            TimelinePost(post: 3, author: 10, createdAt: Self.now - 1 * Self.day),  // duplicate
        ]
        let ranked = PopularityPrior.rank(
            posts: posts, followers: [10: 1_000, 11: 10], now: Self.now, oldest: Self.now - 14 * Self.day, halfLife: Self.day)
        #expect(ranked.map(\.post.rawValue) == [3, 1, 2])
    }
}

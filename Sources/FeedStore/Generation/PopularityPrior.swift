import FeedCore
import Foundation

/// The popularity prior: what to show when engagement is empty or thin (a new world, a new user, a
/// quiet hour), from facts that exist from day one. Pure.
///
/// A post's prior is its author's follower count decayed by its age,
/// `log₂(1 + followers) − age / halfLife` (in log₂ units, like ``DecayedScore``): a post one
/// half-life older needs twice the followers to rank equal. The generator builds it from the
/// most-followed authors (``FeedKeys/followerIndex(shard:)``) and their newest posts, once per
/// refresh of the shared lists, so it costs no Redis work per feed.
enum PopularityPrior {
    /// The prior score of a post by an author with `followers` followers, created at `createdAt`.
    static func score(followers: Double, createdAt: Double, now: Double, halfLife: Double) -> Double {
        let age = max(0, now - createdAt)
        return log2(1 + max(0, followers)) - age / max(1, halfLife)
    }

    /// `posts` of the authors in `followers`, best prior first (ties: newer, then higher id).
    /// Posts created after `now` or before `oldest`, and posts of authors not in `followers`, are left out.
    static func rank(
        posts: [TimelinePost], followers: [AuthorID: Double], now: Double, oldest: Double, halfLife: Double
    ) -> [TimelinePost] {
        var scored: [(post: TimelinePost, score: Double)] = []
        scored.reserveCapacity(posts.count)
        var seen = Set<PostID>(minimumCapacity: posts.count)
        for post in posts where post.createdAt <= now && post.createdAt >= oldest {
            guard let count = followers[post.author], seen.insert(post.post).inserted else { continue }
            scored.append((post, score(followers: count, createdAt: post.createdAt, now: now, halfLife: halfLife)))
        }
        scored.sort {
            if $0.score != $1.score { return $0.score > $1.score }
            if $0.post.createdAt != $1.post.createdAt { return $0.post.createdAt > $1.post.createdAt }
            return $0.post.post > $1.post.post
        }
        return scored.map(\.post)
    }
}

import FeedCore
import Synchronization

/// Source data shared by many feeds, cached in the generating process: post bodies (immutable:
/// never read again while held), post engagement and author stats (refreshed after ``GeneratorConfiguration/statsRefreshSeconds``),
/// and the popular/trending lists with the popularity prior (refreshed after ``GeneratorConfiguration/globalRefreshSeconds``).
///
/// Popular posts appear in thousands of feeds a second; reading them once per refresh instead of
/// once per feed is what keeps a generation at a few Redis commands per candidate source.
final class SourceCache: Sendable {
    /// A post with its engagement windows; a class so the cache and every batch share one copy.
    final class PostEntry: Sendable {
        let post: Post
        let engagement: WindowedEngagement
        let engagementAt: Double
        let fetched: ContinuousClock.Instant

        init(post: Post, engagement: WindowedEngagement, engagementAt: Double, fetched: ContinuousClock.Instant) {
            self.post = post
            self.engagement = engagement
            self.engagementAt = engagementAt
            self.fetched = fetched
        }
    }

    struct AuthorEntry: Sendable {
        var stats: AuthorStats
        var fetched: ContinuousClock.Instant
    }

    struct GlobalLists: Sendable {
        var popular: [PostID]
        var trending: [PostID]
        /// Recent posts of the most-followed authors, best prior first (``PopularityPrior``).
        var prior: [TimelinePost] = []
        var fetched: ContinuousClock.Instant
    }

    private struct State: Sendable {
        var posts: [PostID: PostEntry] = [:]
        var authors: [AuthorID: AuthorEntry] = [:]
        var global: GlobalLists?
    }

    private let state = Mutex(State())
    let configuration: GeneratorConfiguration

    init(configuration: GeneratorConfiguration) {
        self.configuration = configuration
    }

    private func isFresh(_ fetched: ContinuousClock.Instant, seconds: Double, now: ContinuousClock.Instant) -> Bool {
        now - fetched < .milliseconds(Int64(seconds * 1000))
    }

    /// The popular and trending lists when fresh.
    func globalLists() -> GlobalLists? {
        let now = ContinuousClock.now
        return state.withLock { state in
            guard let global = state.global, isFresh(global.fetched, seconds: configuration.globalRefreshSeconds, now: now)
            else { return nil }
            return global
        }
    }

    func storeGlobal(_ lists: GlobalLists) {
        state.withLock { $0.global = lists }
    }

    /// Posts to read from Redis, and the bodies already held for some of them (only their
    /// engagement expired: a post's body never changes).
    struct PostMisses: Sendable {
        var ids: [PostID] = []
        var bodies: [PostID: Post] = [:]
        var isEmpty: Bool { ids.isEmpty }
    }

    /// Splits `posts` into cached entries (fresh for `time`) and the ones to read.
    func lookup(posts: some Sequence<PostID>, into known: inout [PostID: PostEntry], time: Double) -> PostMisses {
        let now = ContinuousClock.now
        var misses = PostMisses()
        state.withLock { state in
            for id in posts where known[id] == nil {
                let entry = state.posts[id]
                if let entry, isFresh(entry.fetched, seconds: configuration.statsRefreshSeconds, now: now),
                    abs(entry.engagementAt - time) <= configuration.statsRefreshSeconds
                {
                    known[id] = entry
                } else {
                    misses.ids.append(id)
                    if let entry { misses.bodies[id] = entry.post }
                }
            }
        }
        return misses
    }

    func lookup(authors: some Sequence<AuthorID>, into known: inout [AuthorID: AuthorStats]) -> [AuthorID] {
        let now = ContinuousClock.now
        var missing: [AuthorID] = []
        state.withLock { state in
            for id in authors where known[id] == nil {
                if let entry = state.authors[id], isFresh(entry.fetched, seconds: configuration.statsRefreshSeconds, now: now) {
                    known[id] = entry.stats
                } else {
                    missing.append(id)
                }
            }
        }
        return missing
    }

    func store(posts: [PostEntry], authors: [AuthorID: AuthorStats]) {
        let now = ContinuousClock.now
        state.withLock { state in
            if state.posts.count + posts.count > configuration.postCacheCapacity {
                state.posts.removeAll(keepingCapacity: true)
            }
            if state.authors.count + authors.count > configuration.postCacheCapacity {
                state.authors.removeAll(keepingCapacity: true)
            }
            for entry in posts { state.posts[entry.post.id] = entry }
            for (id, stats) in authors { state.authors[id] = AuthorEntry(stats: stats, fetched: now) }
        }
    }

    /// Forgets everything (tests, or after a bulk load).
    func clear() {
        state.withLock { $0 = State() }
    }
}

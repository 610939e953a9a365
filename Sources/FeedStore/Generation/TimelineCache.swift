import FeedCore
import Synchronization

/// Followed authors' timelines cached in the generating process, each validated against its
/// author's **timeline version** before use, so a cached timeline is never stale.
///
/// A generation reads the newest ``GeneratorConfiguration/postsPerAuthor`` posts of every author a
/// user follows; most of those authors are read again by the next feeds (followers overlap), and
/// a `ZREVRANGEBYSCORE … WITHSCORES LIMIT 0 20` costs Redis ≈ 16× a `HGET` (redis-benchmark -P 50
/// on this box: 46.6 K/s against 740 K/s). Every timeline write bumps `tv` in `{a:<id>}:stats`
/// after changing the timeline (``SourceCommands/trimTimeline(_:now:)``, post deletion); the
/// generator sends `HGET {a:<id>}:stats tv` for an author it holds and reuses the entry while the
/// version is unchanged. A miss reads the version **before** the timeline, in the same pipeline
/// (one slot, so one connection, in order): a write racing the read leaves an entry older than
/// its version, which the next use refetches, never one newer.
///
/// Writers that do not bump the version (a binary from before it, `redis-cli`) are bounded by
/// ``GeneratorConfiguration/timelineCacheSeconds``: an entry older than that is refetched anyway.
final class TimelineCache: Sendable {
    /// One author's newest posts as read, with what the read can answer.
    struct Entry: Sendable {
        /// The `tv` field when read (`nil`: the author has no version yet).
        var version: Int64?
        /// Newest first, at most `limit` posts with scores in [`oldestBound`, +inf).
        var posts: [(post: PostID, createdAt: Double)]
        /// The read's `LIMIT`; fewer posts means the timeline held no more within the bound.
        var limit: Int
        /// The read's lower score bound.
        var oldestBound: Double
        var fetched: ContinuousClock.Instant

        /// The newest `limit` posts with `oldest ≤ createdAt ≤ now`, if this read determines them.
        ///
        /// A full read (``limit`` posts) answers when none of its posts is newer than `now`: they
        /// are then the newest `limit` at or before `now`. A partial read holds every post from
        /// ``oldestBound`` up, so it answers any `oldest` at or above that bound.
        func answer(now: Double, oldest: Double, limit wanted: Int) -> [(post: PostID, createdAt: Double)]? {
            guard wanted <= limit else { return nil }
            let isFull = posts.count >= limit
            if isFull {
                guard posts.allSatisfy({ $0.createdAt <= now }) else { return nil }
            } else {
                guard oldest >= oldestBound else { return nil }
            }
            var result: [(post: PostID, createdAt: Double)] = []
            result.reserveCapacity(min(wanted, posts.count))
            for item in posts where item.createdAt <= now && item.createdAt >= oldest {
                result.append(item)
                if result.count == wanted { break }
            }
            return result
        }
    }

    private let entries = Mutex([AuthorID: Entry]())
    private let capacity: Int
    private let maxAge: Duration

    /// A cache of at most `capacity` authors (cleared when full), entries trusted for `maxAgeSeconds`.
    init(capacity: Int, maxAgeSeconds: Double) {
        self.capacity = max(0, capacity)
        self.maxAge = .milliseconds(Int64(max(0, maxAgeSeconds) * 1000))
    }

    /// The entries of `authors` that are young enough to validate (the rest must be read).
    func candidates(for authors: [AuthorID]) -> [AuthorID: Entry] {
        guard capacity > 0 else { return [:] }
        let now = ContinuousClock.now
        return entries.withLock { entries in
            var found: [AuthorID: Entry] = [:]
            for author in authors {
                if let entry = entries[author], now - entry.fetched < maxAge { found[author] = entry }
            }
            return found
        }
    }

    /// Keeps freshly read entries (clears the cache first when they would overflow it).
    func store(_ fresh: [AuthorID: Entry]) {
        guard capacity > 0, !fresh.isEmpty else { return }
        entries.withLock { entries in
            if entries.count + fresh.count > capacity { entries.removeAll(keepingCapacity: true) }
            entries.merge(fresh) { _, new in new }
        }
    }

    /// Forgets everything.
    func clear() {
        entries.withLock { $0.removeAll() }
    }
}

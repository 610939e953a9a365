import FeedCore

/// Chooses the candidate post ids of one feed, before any post body is read. Pure.
///
/// 1. Followed authors' posts, **newest first across authors**, until
///    ``GeneratorConfiguration/maxFollowedCandidates`` unseen ones are chosen. The input is each
///    followed timeline's newest posts no older than the timeline bound
///    (`StoreConfiguration.timelineMaxAge`), so the budget is filled by count, not by a fixed age:
///    posts newer than the last generation come first, then older unseen ones, reaching back as far
///    as the timelines go (two days for a busy network, two weeks for a quiet one).
/// 2. Trending and popular posts (in their score order) fill the rest of
///    ``GeneratorConfiguration/maxCandidates``, half each when both have enough.
/// 3. The popularity prior (``PopularityPrior``: recent posts of the most-followed authors) fills
///    what is still left, as ``CandidateSource/fallback``, posts by the user's second degree
///    (authors their followees follow, ``SecondDegreeRead``) first. It exists from the first
///    follow on, so a user who follows nobody, or a world where nobody has acted yet, still gets a
///    full feed.
///
/// Seen and rejected posts, posts of hidden or blocked authors (when known) and, for the prior,
/// the user's own posts are never chosen.
struct CandidateSelector: Sendable {
    struct Choice: Sendable, Hashable {
        var post: PostID
        var source: CandidateSource
    }

    /// The choices in order, and how far back the followed ones reach.
    struct Selection: Sendable {
        var choices: [Choice] = []
        /// Creation time of the oldest followed post chosen; `nil` when none was.
        var oldestFollowed: Double?
        /// Followed posts chosen that were created after the last generation (all of them on a
        /// first generation).
        var followedSinceLastGeneration = 0
    }

    var configuration: GeneratorConfiguration
    /// The oldest followed post ever considered, seconds before `now` (the timelines' own bound).
    var timelineMaxAge: Double

    /// The lower bound of the followed timelines' read at `now`.
    func oldestReadable(now: Double) -> Double { now - timelineMaxAge }

    func select(
        followed: [TimelinePost], trending: [PostID], popular: [PostID], prior: [TimelinePost],
        secondDegree: Set<AuthorID> = [], excludedPosts: Set<PostID>, excludedAuthors: Set<AuthorID>,
        ownAuthor: AuthorID?, lastGeneratedAt: Double?, now: Double
    ) -> Selection {
        var selection = Selection()
        selection.choices.reserveCapacity(configuration.maxCandidates)
        var taken = Set<PostID>(minimumCapacity: configuration.maxCandidates)
        let followedBudget = min(configuration.maxFollowedCandidates, configuration.maxCandidates)
        let oldest = oldestReadable(now: now)
        let newestFirst = followed.sorted { $0.createdAt != $1.createdAt ? $0.createdAt > $1.createdAt : $0.post > $1.post }
        for item in newestFirst {
            guard selection.choices.count < followedBudget else { break }
            guard item.createdAt <= now, item.createdAt >= oldest, !excludedPosts.contains(item.post),
                !excludedAuthors.contains(item.author), item.author != ownAuthor, taken.insert(item.post).inserted
            else { continue }
            selection.choices.append(Choice(post: item.post, source: .followedNew))
            selection.oldestFollowed = item.createdAt
            if item.createdAt > (lastGeneratedAt ?? -.infinity) { selection.followedSinceLastGeneration += 1 }
        }

        let limit = configuration.maxCandidates
        let remaining = limit - selection.choices.count
        let trendingBudget = selection.choices.count + (remaining + 1) / 2
        var trendingIterator = trending.makeIterator()
        var popularIterator = popular.makeIterator()
        func take(from iterator: inout IndexingIterator<[PostID]>, source: CandidateSource, upTo limit: Int) {
            while selection.choices.count < limit, let post = iterator.next() {
                guard !excludedPosts.contains(post), taken.insert(post).inserted else { continue }
                selection.choices.append(Choice(post: post, source: source))
            }
        }
        take(from: &trendingIterator, source: .trending, upTo: trendingBudget)
        take(from: &popularIterator, source: .popular, upTo: limit)
        take(from: &trendingIterator, source: .trending, upTo: limit)

        // The prior, the second degree's posts first (two passes keep each part in prior order).
        for pass in secondDegree.isEmpty ? [false] : [true, false] {
            for item in prior where !pass || secondDegree.contains(item.author) {
                guard selection.choices.count < limit else { break }
                guard !excludedPosts.contains(item.post), !excludedAuthors.contains(item.author),
                    item.author != ownAuthor, taken.insert(item.post).inserted
                else { continue }
                selection.choices.append(Choice(post: item.post, source: .fallback))
            }
        }
        return selection
    }
}

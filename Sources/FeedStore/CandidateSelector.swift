import FeedCore

/// Chooses the candidate post ids of one feed, before any post body is read. Pure.
///
/// Followed authors' posts in `[since, now]`, newest first, up to the followed budget; then
/// trending and popular posts (in their score order) fill the rest of ``GeneratorConfiguration/maxCandidates``.
/// Seen and rejected posts, and posts of hidden or blocked authors (when known), are never chosen.
struct CandidateSelector: Sendable {
    struct Choice: Sendable, Hashable {
        var post: PostID
        var source: CandidateSource
    }

    var configuration: GeneratorConfiguration

    /// The start of the followed-post window: the recent window for a first generation or a user
    /// back after long, else the last generation minus the carry-over.
    func followedSince(lastGeneratedAt: Double?, now: Double) -> Double {
        let recent = now - configuration.recentWindow
        guard let lastGeneratedAt else { return recent }
        return max(recent, lastGeneratedAt - configuration.carryOver)
    }

    func select(
        followed: [(post: PostID, author: AuthorID, createdAt: Double)],
        trending: [PostID], popular: [PostID],
        excludedPosts: Set<PostID>, excludedAuthors: Set<AuthorID>, now: Double
    ) -> [Choice] {
        var chosen: [Choice] = []
        chosen.reserveCapacity(configuration.maxCandidates)
        var taken = Set<PostID>(minimumCapacity: configuration.maxCandidates)
        let followedBudget = min(configuration.maxFollowedCandidates, configuration.maxCandidates)
        let newestFirst = followed.sorted { $0.createdAt != $1.createdAt ? $0.createdAt > $1.createdAt : $0.post > $1.post }
        for item in newestFirst where chosen.count < followedBudget {
            guard item.createdAt <= now, !excludedPosts.contains(item.post), !excludedAuthors.contains(item.author),
                taken.insert(item.post).inserted
            else { continue }
            chosen.append(Choice(post: item.post, source: .followedNew))
        }
        let remaining = configuration.maxCandidates - chosen.count
        let trendingBudget = chosen.count + (remaining + 1) / 2
        var trendingIterator = trending.makeIterator()
        var popularIterator = popular.makeIterator()
        func take(from iterator: inout IndexingIterator<[PostID]>, source: CandidateSource, upTo limit: Int) {
            while chosen.count < limit, let post = iterator.next() {
                guard !excludedPosts.contains(post), taken.insert(post).inserted else { continue }
                chosen.append(Choice(post: post, source: source))
            }
        }
        take(from: &trendingIterator, source: .trending, upTo: trendingBudget)
        take(from: &popularIterator, source: .popular, upTo: configuration.maxCandidates)
        take(from: &trendingIterator, source: .trending, upTo: configuration.maxCandidates)
        return chosen
    }
}

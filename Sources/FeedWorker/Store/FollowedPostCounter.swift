import FeedCore

/// Counts the posts followed authors published after a feed was generated, from the authors'
/// newest post times: the pure half of the scheduler's "dirty" trigger.
///
/// The count is capped: a feed with `cap` new posts is as dirty as the threshold cares about, so
/// each author contributes at most `cap` times (the reader fetches that many newest times per
/// author) and the sum stops at `cap`.
public enum FollowedPostCounter {
    /// New posts since `generatedAt` by `authors`, at most `cap`. `newestPostTimes` holds each
    /// author's newest post times (any order; authors missing from it have none).
    public static func count(
        authors: [AuthorID], since generatedAt: Double, newestPostTimes: [AuthorID: [Double]], cap: Int
    ) -> Int {
        guard cap > 0 else { return 0 }
        var total = 0
        for author in authors {
            guard let times = newestPostTimes[author] else { continue }
            for time in times where time > generatedAt {
                total += 1
                if total >= cap { return cap }
            }
        }
        return total
    }
}

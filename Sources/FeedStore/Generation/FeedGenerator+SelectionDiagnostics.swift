import FeedCore
import Logging

extension FeedGenerator {
    /// Exports a batch's selection (candidates by source, thin feeds) and logs a notice, at most
    /// once a minute, when the share of thin feeds reaches ``GeneratorConfiguration/thinFeedShareAlert``.
    func recordSelection(_ summary: SelectionSummary) {
        for (source, count) in summary.candidatesBySource {
            metrics.selectedCandidates[source]?.increment(by: count)
        }
        metrics.thinFeeds.increment(by: summary.thinFeeds)
        metrics.emptyFeeds.increment(by: summary.emptyFeeds)
        guard summary.feeds > 0 else { return }
        metrics.thinFeedShare.record(summary.thinShare)
        guard summary.thinShare >= configuration.thinFeedShareAlert, metrics.thinFeedLog.allow() else { return }
        var metadata: Logger.Metadata = [
            "feed.batch_feeds": "\(summary.feeds)", "feed.thin_feeds": "\(summary.thinFeeds)",
            "feed.empty_feeds": "\(summary.emptyFeeds)", "feed.thin_items": "\(summary.thinFeedItems)",
            "feed.thin_share": "\(Double(Int(summary.thinShare * 1000)) / 1000)",
            "feed.followed_since_last_generation": "\(summary.followedSinceLastGeneration)",
        ]
        for source in CandidateSource.allCases {
            metadata["feed.candidates.\(source.rawValue)"] = "\(summary.candidatesBySource[source, default: 0])"
        }
        logger.notice("thin feeds in generation batch", metadata: metadata)
    }
}

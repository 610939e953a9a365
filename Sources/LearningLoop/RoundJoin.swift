import FeedCore
import FeedLearning

/// Joins one round's impressions and actions into training rows with the pure ``Joiner``.
///
/// One joiner per user (each user's inputs in order); the feature table is keyed by user and
/// generation. The round's inputs are complete when it is joined, so the watermark moves past
/// every window at the end. Pure.
public enum RoundJoin {
    /// Rows (in (user, served time, request, page) order) and the summed counters.
    public static func join(
        impressions: [ImpressionRecord], actions: [ActionRecord], features: FeatureLogTable,
        configuration: JoinConfiguration
    ) -> (rows: [TrainingRow], counters: JoinCounters) {
        var impressionsByUser: [UserID: [ImpressionRecord]] = [:]
        for impression in impressions { impressionsByUser[impression.user, default: []].append(impression) }
        var actionsByUser: [UserID: [ActionRecord]] = [:]
        for action in actions { actionsByUser[action.user, default: []].append(action) }
        var rows: [TrainingRow] = []
        var counters = JoinCounters()
        let users = Set(impressionsByUser.keys).union(actionsByUser.keys).sorted()
        for user in users {
            var joiner = Joiner(configuration: configuration)
            let own = impressionsByUser[user] ?? []
            for impression in own.sorted(by: { ($0.servedAt, $0.requestID) < ($1.servedAt, $1.requestID) }) {
                joiner.add(impression)
            }
            let acts = (actionsByUser[user] ?? []).sorted { ($0.time, $0.clientEventID) < ($1.time, $1.clientEventID) }
            for action in acts { joiner.add(action) }
            let latest = max(own.map(\.servedAt).max() ?? 0, acts.map(\.time).max() ?? 0)
            rows += joiner.advance(
                to: latest + configuration.windowMillis + configuration.lateRetentionMillis + 1,
                features: features)
            counters.add(joiner.counters)
        }
        return (rows, counters)
    }
}

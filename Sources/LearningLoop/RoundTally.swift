import FeedCore
import FeedWorld

/// What the simulated users saw and did in one round (one arm): impressions, actions per head,
/// realized and expected value. Pure; tallies of concurrent readers are merged with ``merge(_:)``.
public struct RoundTally: Sendable, Hashable, Codable {
    /// Items served.
    public var impressions = 0
    /// Pages served.
    public var pages = 0
    /// Head actions taken, by head.
    public var actions: [ActionType: Int] = [:]
    /// Σ weight · actions taken.
    public var value = 0.0
    /// Σ weight · ground-truth probability over the served items.
    public var expectedValue = 0.0
    /// Served items by model version that ranked them.
    public var impressionsByModel: [String: Int] = [:]
    /// What was served, under the hidden truth: Σ post age at reading (hours), items by followed
    /// authors, Σ topic match of reader and post, items on topics the reader dislikes (match < 0).
    public var servedAgeHours = 0.0
    public var servedFromFollowed = 0
    public var servedTopicMatch = 0.0
    public var servedDisliked = 0
    /// Served items released during the loop (written after the world's history).
    public var servedReleased = 0

    /// An empty tally.
    public init() {}

    /// Counts one served item, its truth probabilities and the actions drawn.
    public mutating func record(
        probabilities: ActionProbabilities, actions taken: [ActionType], modelVersion: String, weights: ActionWeights
    ) {
        impressions += 1
        impressionsByModel[modelVersion, default: 0] += 1
        expectedValue += SimulatedReaction.expectedValue(probabilities, weights: weights)
        for action in taken {
            actions[action, default: 0] += 1
            value += Double(weights[action])
        }
    }

    /// Counts what one served item was (its age, whether the reader follows its author, their topic match).
    public mutating func recordServed(ageHours: Double, followsAuthor: Bool, topicMatch: Double, released: Bool = false) {
        servedReleased += released ? 1 : 0
        servedAgeHours += ageHours
        servedFromFollowed += followsAuthor ? 1 : 0
        servedTopicMatch += topicMatch
        servedDisliked += topicMatch < 0 ? 1 : 0
    }

    /// Adds another tally.
    public mutating func merge(_ other: RoundTally) {
        impressions += other.impressions
        pages += other.pages
        actions.merge(other.actions, uniquingKeysWith: +)
        value += other.value
        expectedValue += other.expectedValue
        impressionsByModel.merge(other.impressionsByModel, uniquingKeysWith: +)
        servedAgeHours += other.servedAgeHours
        servedFromFollowed += other.servedFromFollowed
        servedTopicMatch += other.servedTopicMatch
        servedDisliked += other.servedDisliked
        servedReleased += other.servedReleased
    }

    /// Realized value per impression: Σ weights · actions / impressions.
    public var valuePerImpression: Double { impressions > 0 ? value / Double(impressions) : .nan }
    /// Expected value per impression under the ground truth (less noisy than the realized value).
    public var expectedValuePerImpression: Double { impressions > 0 ? expectedValue / Double(impressions) : .nan }
    /// Mean age of the served posts when read, hours.
    public var meanServedAgeHours: Double { impressions > 0 ? servedAgeHours / Double(impressions) : .nan }
    /// Share of served items by authors the reader follows.
    public var followedShare: Double { impressions > 0 ? Double(servedFromFollowed) / Double(impressions) : .nan }
    /// Mean hidden topic match of reader and served post.
    public var meanTopicMatch: Double { impressions > 0 ? servedTopicMatch / Double(impressions) : .nan }
    /// Share of served items on topics the reader dislikes.
    public var dislikedShare: Double { impressions > 0 ? Double(servedDisliked) / Double(impressions) : .nan }
    /// Actions of `action` per impression.
    public func rate(_ action: ActionType) -> Double {
        impressions > 0 ? Double(actions[action] ?? 0) / Double(impressions) : .nan
    }
}

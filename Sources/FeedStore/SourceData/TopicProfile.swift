import FeedCore
import PrefeedRedis

/// A reader's topic profile: the running sum of the topic vectors of the posts they acted on,
/// weighted by the action (engagement pulls it toward a post's topics, hide and report push it
/// away). Stored as ``FeedKeys/topicProfile(_:)`` (HASH dimension index → weight), written with
/// every action by the read path and by `prefeed load`, read by the generator as the features'
/// `userTopics` (`user_post_topic_cosine` is the cosine of profile and post topics; the scale
/// does not matter). Learned from behaviour only.
public enum TopicProfile {
    /// How much an action of `action` adds of the post's topic vector.
    public static func weight(of action: ActionType) -> Double {
        switch action {
        case .click: 1
        case .like: 2
        case .comment: 3
        case .share: 3
        case .hide: -4
        case .report: -8
        case .dwell: 0
        }
    }

    /// The commands adding `weight(of: action) · topics` to `user`'s profile (none for a post
    /// without topics or an action without weight).
    public static func commands(
        keys: FeedKeys, user: UserID, topics: TopicVector, action: ActionType
    ) -> [RedisCommand] {
        add(keys: keys, user: user, vector: topics.weights.map { Double($0) * weight(of: action) })
    }

    /// The commands adding `vector` to `user`'s profile (every component, so the stored profile
    /// has the posts' dimension), then the TTL; none for an all-zero or non-finite vector.
    static func add(keys: FeedKeys, user: UserID, vector: [Double]) -> [RedisCommand] {
        guard vector.contains(where: { $0 != 0 }), vector.allSatisfy(\.isFinite) else { return [] }
        let key = keys.topicProfile(user)
        var commands: [RedisCommand] = []
        for (index, value) in vector.enumerated() {
            commands.append(RedisCommand("HINCRBYFLOAT", key, index, value))
        }
        commands.append(RedisCommand("EXPIRE", key, keys.configuration.userDataTTL))
        return commands
    }

    /// The commands setting `user`'s profile to `vector` (a bulk load's total: reloading the same
    /// files writes the same values), then the TTL; none for an all-zero or non-finite vector.
    static func set(keys: FeedKeys, user: UserID, vector: [Double]) -> [RedisCommand] {
        guard vector.contains(where: { $0 != 0 }), vector.allSatisfy(\.isFinite) else { return [] }
        let key = keys.topicProfile(user)
        var arguments: [any RedisArgument] = [key]
        for (index, value) in vector.enumerated() {
            arguments.append(index)
            arguments.append(value)
        }
        return [RedisCommand("HSET", arguments: arguments), RedisCommand("EXPIRE", key, keys.configuration.userDataTTL)]
    }

    /// The profile in a `HGETALL` reply (`.unknown` when empty or malformed).
    static func decode(_ reply: RedisReply) -> TopicVector {
        let fields = reply.array ?? []
        var values: [Int: Float] = [:]
        var index = 0
        while index + 1 < fields.count {
            if let dimension = fields[index].string.flatMap(Int.init), (0..<256).contains(dimension),
                let value = fields[index + 1].string.flatMap(Double.init), value.isFinite {
                values[dimension] = Float(value)
            }
            index += 2
        }
        guard let top = values.keys.max() else { return .unknown }
        var weights = [Float](repeating: 0, count: top + 1)
        for (dimension, value) in values { weights[dimension] = value }
        return TopicVector(weights)
    }
}

import FeedCore

/// Values the loader derives from whole files and writes as absolute values at the end, which is
/// what makes a re-run idempotent (an increment per row would count twice).
struct LoadAggregates {
    struct Pair: Hashable {
        var first: UInt64
        var second: UInt64
    }

    struct Bucket: Hashable {
        var id: UInt64
        var hour: Int64
        var code: UInt8
    }

    /// Decayed counters of one user–author pair, all decayed to `time`.
    struct Affinity {
        var time: Double
        var values: SIMD8<Double>

        mutating func add(head: Int, at eventTime: Double, halfLife: Double) {
            if eventTime >= time {
                values *= SIMD8(repeating: TimeDecay.factor(elapsedSeconds: eventTime - time, halfLifeSeconds: halfLife))
                time = eventTime
                values[head] += 1
            } else {
                values[head] += TimeDecay.factor(elapsedSeconds: time - eventTime, halfLifeSeconds: halfLife)
            }
        }

        var positive: Double { values[0] + values[1] + values[2] + values[3] }

        var counters: [DecayedValue] {
            (0..<ActionType.heads.count).map { DecayedValue(value: values[$0], updatedAt: time) }
        }
    }

    // follows
    var followPairs = Set<Pair>()
    var followerCounts: [UInt64: Int] = [:]
    // posts
    var postAuthors: [UInt64: UInt64] = [:]
    /// Topic vectors of the loaded posts, and the users' topic profiles built from their actions.
    var postTopics: [UInt64: [Float]] = [:]
    var topicProfiles: [UInt64: [Double]] = [:]
    var newestPost: Double = -.infinity
    // actions
    var postBuckets: [Bucket: Int] = [:]
    var authorBuckets: [Bucket: Int] = [:]
    var affinities: [Pair: Affinity] = [:]
    var popular: [UInt64: Double] = [:]
    var trending: [UInt64: Double] = [:]
    var newestAction: Double = -.infinity
    // logins
    var newestLogin: [UInt64: Double] = [:]
}

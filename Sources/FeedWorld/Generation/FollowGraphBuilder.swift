import Foundation

/// Draws the follow graph: log-normal out-degrees; each follow goes to a famous account (Zipf over
/// the fame ranking, so a few authors gather a large share of all follows) or to a creator who
/// shares the follower's main topic.
struct FollowGraphBuilder {
    let config: WorldConfig
    let population: Population

    func build() -> FollowGraph {
        let count = population.count
        let fameTable = AliasTable(weights: population.fameRank.map { pow(Double($0) + 1, -config.fameExponent) })
        var creatorsByTopic = [[Int32]](repeating: [], count: config.topicDimension)
        for index in 0..<count where population.postingWeight[index] > 0 {
            creatorsByTopic[Int(population.primaryTopic[index])].append(Int32(index))
        }
        let maximumDegree = min(count - 1, max(10, Int(config.meanFollowsPerUser * 20)), 5_000)
        let mu = log(max(config.meanFollowsPerUser, 0.01)) - 0.5

        var offsets: [Int] = [0]
        offsets.reserveCapacity(count + 1)
        var followees: [Int32] = []
        var createdAt: [Double] = []
        let expected = Int(Double(count) * config.meanFollowsPerUser * 1.1)
        followees.reserveCapacity(expected)
        createdAt.reserveCapacity(expected)
        var followerCounts = [Int32](repeating: 0, count: count)
        var chosen = Set<Int32>()
        var edges: [(followee: Int32, at: Double)] = []

        for follower in 0..<count {
            var random = Xoshiro256StarStar(seed: SeedDerivation.derive(config.seed, StreamTag.follows, UInt64(follower)))
            let followerCreated = population.users[follower].createdAt
            let isNew = followerCreated >= config.startTime
            var degree: Int
            if config.meanFollowsPerUser <= 0 {
                degree = 0
            } else if isNew {
                degree = random.bernoulli(0.4) ? 0 : random.poisson(mean: config.meanFollowsPerUser * 0.3)
            } else {
                degree = Int(random.logNormal(mu: mu, sigma: 1.0).rounded())
            }
            degree = min(degree, maximumDegree)
            chosen.removeAll(keepingCapacity: true)
            edges.removeAll(keepingCapacity: true)
            let ownTopic = Int(population.primaryTopic[follower])
            var attempts = 0
            while chosen.count < degree && attempts < degree * 3 + 10 {
                attempts += 1
                let candidate: Int32
                let topicCreators = creatorsByTopic[random.bernoulli(0.7) ? ownTopic : random.index(below: config.topicDimension)]
                if random.bernoulli(config.popularFollowShare) || topicCreators.isEmpty {
                    candidate = Int32(fameTable.sample(using: &random))
                } else {
                    candidate = topicCreators[random.index(below: topicCreators.count)]
                }
                guard Int(candidate) != follower, chosen.insert(candidate).inserted else { continue }
                let base = max(followerCreated, population.users[Int(candidate)].createdAt)
                var time = base + (isNew ? random.exponential(mean: 7_200) : random.exponential(mean: 45 * 86_400))
                if time >= config.endTime {
                    time = base + random.unitDouble() * max(0, config.endTime - 1 - base)
                }
                edges.append((candidate, Rounding.milliseconds(time)))
            }
            edges.sort { $0.followee < $1.followee }
            for edge in edges {
                followees.append(edge.followee)
                createdAt.append(edge.at)
                followerCounts[Int(edge.followee)] += 1
            }
            offsets.append(followees.count)
        }
        return FollowGraph(offsets: offsets, followees: followees, createdAt: createdAt, followerCounts: followerCounts)
    }
}

import FeedWorld
import Foundation
import Testing

@Suite("World shape")
struct WorldShapeTests {
    private var sample: SampleWorld { SampleWorld.shared }

    @Test("follower in-degree is heavy-tailed: the top 1 % of authors hold ≥ 20 % of follows")
    func followersAreHeavyTailed() throws {
        // The graph alone, on a world large enough for a meaningful top 1 % (200 accounts).
        let users = 20_000
        let world = try WorldGenerator(config: WorldConfig(seed: 2, users: users, posts: 1_000, days: 1)).makeWorld()
        let sorted = (1...Int64(users)).map { world.follows.followerCount(of: $0) }.sorted(by: >)
        let top = sorted.prefix(users / 100).reduce(0, +)
        let share = Double(top) / Double(world.follows.edgeCount)
        #expect(share >= 0.20, "top 1 % share \(share)")
        // Most accounts have few followers: the median is far below the maximum.
        let median = sorted[sorted.count / 2]
        #expect(sorted[0] > 50 * max(1, median))
    }

    @Test("follows are valid: no self-follows, no duplicates, known users")
    func followsAreValid() {
        var seen = Set<[Int64]>()
        for follow in sample.rows.follows {
            #expect(follow.follower != follow.followee)
            #expect(seen.insert([follow.follower, follow.followee]).inserted)
            #expect((1...Int64(SampleWorld.config.users)).contains(follow.followee))
            #expect(follow.createdAt < SampleWorld.config.endTime)
        }
    }

    @Test("posting rates are heterogeneous and posts are time-ordered with growing ids")
    func postsAreOrderedAndSkewed() {
        let posts = sample.rows.posts
        #expect(zip(posts, posts.dropFirst()).allSatisfy { $0.createdAt <= $1.createdAt && $0.id < $1.id })
        var perAuthor = [Int64: Int]()
        for post in posts { perAuthor[post.author, default: 0] += 1 }
        let counts = perAuthor.values.sorted(by: >)
        let topTenth = counts.prefix(max(1, counts.count / 10)).reduce(0, +)
        #expect(Double(topTenth) / Double(posts.count) > 0.3, "top 10 % of authors write > 30 % of posts")
        #expect(perAuthor.count < SampleWorld.config.users, "not everyone posts")
        for post in posts.prefix(500) {
            let norm = post.topics.reduce(0) { $0 + $1 * $1 }.squareRoot()
            #expect(abs(norm - 1) < 1e-4)
            #expect(post.topics.count == SampleWorld.config.topicDimension)
            #expect(post.topics.allSatisfy { $0 >= 0 })
        }
        let media = Set(posts.map(\.media))
        #expect(media == Set(PostRow.Media.allCases))
    }

    @Test("posts are near their author's topics")
    func postsFollowAuthorTopics() {
        let world = sample.world
        var ownMatch = 0.0
        var otherMatch = 0.0
        let posts = sample.rows.posts.prefix(3_000)
        for (index, post) in posts.enumerated() {
            let author = world.truth(of: post.author)!
            let other = world.truths[(index * 7919) % world.truths.count]
            ownMatch += GroundTruth.topicMatch(author.preference, post.topics)
            otherMatch += GroundTruth.topicMatch(other.preference, post.topics)
        }
        #expect(ownMatch / Double(posts.count) > 0.4)
        #expect(otherMatch / Double(posts.count) < 0.2)
    }

    @Test("every user type and some cold-start users exist")
    func populationIsMixed() {
        let types = Set(sample.rows.truths.map(\.type))
        #expect(types == Set(UserType.allCases))
        let newUsers = sample.rows.users.filter { $0.createdAt >= SampleWorld.config.startTime }
        #expect(!newUsers.isEmpty)
        let followers = Set(sample.rows.follows.map(\.follower))
        #expect(newUsers.contains { !followers.contains($0.id) }, "some new users follow nobody (cold start)")
        for truth in sample.rows.truths.prefix(300) {
            let norm = truth.preference.reduce(0) { $0 + $1 * $1 }.squareRoot()
            #expect(abs(norm - 1) < 1e-4)
        }
        #expect(sample.rows.truths.contains { $0.preference.contains { $0 < -0.2 } }, "users have disliked topics")
    }
}

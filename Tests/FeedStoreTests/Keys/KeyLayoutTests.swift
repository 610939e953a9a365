import FeedCore
@testable import FeedStore
import PrefeedRedis
import Testing

@Suite("Key layout")
struct KeyLayoutTests {
    @Test func everyKeyOfAUserSharesOneSlot() {
        var configuration = StoreConfiguration()
        configuration.impressionSharding = .perSlot
        let keys = FeedKeys(configuration: configuration)
        for raw in [UInt64(1), 42, 987_654_321] {
            let user = UserID(raw)
            let slot = keys.feedMeta(user).slot
            let all = [
                keys.profile(user), keys.follows(user), keys.affinity(user), keys.seen(user), keys.seenQueue(user), keys.hiddenAuthors(user),
                keys.blockedAuthors(user), keys.rejectedPosts(user), keys.logins(user),
                keys.snapshot(user, GenerationID(7)), keys.featureLog(user, GenerationID(7)), keys.pageRecords(user, GenerationID(7)), keys.impressions(for: user),
            ]
            for key in all { #expect(key.slot == slot, "\(key)") }
        }
    }

    @Test func globalShardsHaveDistinctTags() {
        var configuration = StoreConfiguration()
        configuration.popularShards = 8
        configuration.trendingShards = 8
        let keys = FeedKeys(configuration: configuration)
        #expect(Set(keys.popularShards.map(\.slot)).count > 4)
        #expect(Set(keys.popularShards).count == 8)
        #expect(keys.popularShard(of: PostID(13)) == keys.popular(shard: 5))
        #expect(Set(FeedKeys(configuration: { var c = StoreConfiguration(); c.impressionSharding = .perSlot; return c }())
            .impressionShards.map(\.slot)).count == HashSlot.count)
    }
}

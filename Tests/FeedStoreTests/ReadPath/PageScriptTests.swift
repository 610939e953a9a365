import FeedCore
import FeedStore
import Logging
import PrefeedRedis
import PrefeedTestSupport
import Testing

@Suite("Page script")
struct PageScriptTests {
    func setUp(_ client: RedisClient, keys: FeedKeys) async throws -> FeedGenerator {
        let world = TestWorld(client: client, keys: keys)
        for index in 0..<90 {
            let author = UInt64(10 + index % 15)
            try await world.post(UInt64(5000 + index), author: author, age: Double(index) * 900, media: MediaType(index: index % 4)!)
            if index < 15 { try await world.writer.follow(UserID(7), author: AuthorID(author), at: 0) }
        }
        return FeedGenerator(client: client, keys: keys, configuration: TestWorld.generatorConfiguration(), logger: Logger(label: "test"))
    }

    @Test(arguments: [ImpressionSharding.single, .perSlot])
    func pagingOverAWholeFeedYieldsEveryItemOnceInOrder(sharding: ImpressionSharding) async throws {
        let server = try await RedisServerProcess.start()
        defer { server.stop() }
        let client = server.client()
        defer { client.shutdown() }
        var configuration = StoreConfiguration()
        configuration.impressionSharding = sharding
        let keys = FeedKeys(configuration: configuration)
        let generator = try await setUp(client, keys: keys)
        let outcome = try await generator.generate(users: [UserID(7)], model: BaselineModel.valueModel(), modelVersion: "m1", now: TestWorld.now)[0].get()
        #expect(outcome.items.count == 90)

        let script = FeedPageScript(keys: keys)
        var served: [FeedPage.Item] = []
        var after: PostID?
        var pages = 0
        while true {
            let page = try await script.read(client: client, user: UserID(7), after: after, limit: 7,
                                             request: RequestID(UInt64(pages + 1)), now: TestWorld.now + Double(pages))
            #expect(page.found)
            #expect(page.generation == outcome.generation)
            #expect(!page.restarted)
            #expect(page.modelVersion == "m1")
            guard let last = page.items.last else { break }
            served += page.items
            after = last.post
            pages += 1
        }
        #expect(served.map(\.post) == outcome.items.map(\.post))
        #expect(served.map(\.position) == Array(0..<90))
        #expect(served.allSatisfy { $0.record?.author == outcome.items[$0.position].author })
        #expect(served.allSatisfy { $0.record?.reason == outcome.items[$0.position].reason })
        #expect(served.allSatisfy { $0.record?.mediaType == outcome.items[$0.position].mediaType })
        #expect(served.allSatisfy { $0.record?.score == Float(Float16(outcome.items[$0.position].rawScore)) })
        #expect(pages == 13)
        let impressions = try await client.execute("XLEN", keys.impressions(for: UserID(7))).int
        #expect(impressions == 13)
        // Pages queue their ids (one APPEND each, TTL set); the seen log itself is untouched until a fold.
        let queued = try await client.execute("GET", keys.seenQueue(UserID(7))).string ?? ""
        #expect(queued == outcome.items.map { "\($0.post.rawValue)," }.joined())
        #expect(try await client.execute("TTL", keys.seenQueue(UserID(7))).int ?? -1 > configuration.seenTTL - 60)
        #expect(try await client.execute("EXISTS", keys.seen(UserID(7))).int == 0)
        // The fold moves them into the seen log: the 90 ids in serving order, as one string.
        let folded = try await client.execute(SeenQueue.foldAndRead(UserID(7), keys: keys, now: TestWorld.now))
        #expect(SeenQueue.newest(folded, limit: 1_000) == outcome.items.reversed().map(\.post))
        #expect(try await client.execute("GET", keys.seen(UserID(7))).string == queued)
        #expect(try await client.execute("EXISTS", keys.seenQueue(UserID(7))).int == 0)
        #expect(try await client.execute("TTL", keys.seen(UserID(7))).int ?? -1 > configuration.seenTTL - 60)
        #expect(try await client.execute("OBJECT", "ENCODING", keys.snapshot(UserID(7), outcome.generation)).string == "listpack")
        // Redis holds the page records (feed TTL) and no feature log: features are in the segment files.
        let ttl = try await client.execute("TTL", keys.pageRecords(UserID(7), outcome.generation)).int ?? 0
        #expect(ttl > configuration.feedTTL - 60)
        #expect(try await client.execute("EXISTS", keys.featureLog(UserID(7), outcome.generation)).int == 0)
    }

    @Test func regenerationMidScrollFinishesOnTheOldGeneration() async throws {
        let server = try await RedisServerProcess.start()
        defer { server.stop() }
        let client = server.client()
        defer { client.shutdown() }
        let keys = FeedKeys()
        let generator = try await setUp(client, keys: keys)
        let model = BaselineModel.valueModel()
        let first = try await generator.generate(users: [UserID(7)], model: model, modelVersion: "m1", now: TestWorld.now)[0].get()
        let script = FeedPageScript(keys: keys)
        let page1 = try await script.read(client: client, user: UserID(7), after: nil, limit: 10, request: 1, now: TestWorld.now)
        let page2 = try await script.read(client: client, user: UserID(7), after: page1.items.last?.post, limit: 10, request: 2, now: TestWorld.now)
        // Regenerate between page 2 and page 3.
        let second = try await generator.generate(users: [UserID(7)], model: model, modelVersion: "m2", now: TestWorld.now + 60)[0].get()
        #expect(second.previous == first.generation)
        let page3 = try await script.read(client: client, user: UserID(7), after: page2.items.last?.post, limit: 10, request: 3, now: TestWorld.now + 61)
        #expect(page3.generation == first.generation)
        #expect(page3.modelVersion == "m1")
        #expect(page3.items.map(\.position) == Array(20..<30))
        #expect(page3.items.map(\.post) == Array(first.items[20..<30].map(\.post)))
        // The previous snapshot has a grace TTL.
        let ttl = try await client.execute("TTL", keys.snapshot(UserID(7), first.generation)).int ?? 0
        #expect(ttl > 0 && ttl <= keys.configuration.gracePeriod)

        // An unknown `after` restarts at the first unseen items of the current generation.
        let restarted = try await script.read(client: client, user: UserID(7), after: PostID(424_242), limit: 5, request: 4, now: TestWorld.now + 62)
        #expect(restarted.restarted)
        #expect(restarted.generation == second.generation)
        let seen = Set((page1.items + page2.items + page3.items).map(\.post))
        #expect(restarted.items.allSatisfy { !seen.contains($0.post) })
        #expect(restarted.items.count == 5)
    }

    @Test func aSeenQueuePastItsBoundIsFoldedByThePageItself() async throws {
        let server = try await RedisServerProcess.start()
        defer { server.stop() }
        let client = server.client()
        defer { client.shutdown() }
        var configuration = StoreConfiguration()
        configuration.seenQueueMaxBytes = 100  // about five ids
        let keys = FeedKeys(configuration: configuration)
        let generator = try await setUp(client, keys: keys)
        let outcome = try await generator.generate(users: [UserID(7)], model: BaselineModel.valueModel(), modelVersion: "m1", now: TestWorld.now)[0].get()
        let script = FeedPageScript(keys: keys)
        var after: PostID?
        var served: [PostID] = []
        for page in 1...6 {
            let read = try await script.read(client: client, user: UserID(7), after: after, limit: 4, request: RequestID(UInt64(page)), now: TestWorld.now)
            served += read.items.map(\.post)
            after = read.items.last?.post
            let queueBytes = try await client.execute("STRLEN", keys.seenQueue(UserID(7))).int ?? -1
            #expect(queueBytes <= configuration.seenQueueMaxBytes, "page \(page): the queue stays bounded")
        }
        #expect(served == Array(outcome.items.prefix(24).map(\.post)))
        // Everything served is in the log or still queued, exactly once, in serving order.
        let log = (try await client.execute("GET", keys.seen(UserID(7))).string ?? "").split(separator: ",").map(String.init)
        let queue = (try await client.execute("GET", keys.seenQueue(UserID(7))).string ?? "").split(separator: ",").map(String.init)
        #expect(log.count > 1, "folded at least once")
        #expect(log + queue == served.map { String($0.rawValue) })
        // A first page (no `after`) skips both the folded and the queued items.
        let first = try await script.read(client: client, user: UserID(7), after: nil, limit: 4, request: 99, now: TestWorld.now)
        #expect(first.items.map(\.post) == Array(outcome.items[24..<28].map(\.post)))
    }

    @Test func aFoldKeepsServingOrderAndTheCap() async throws {
        let server = try await RedisServerProcess.start()
        defer { server.stop() }
        let client = server.client()
        defer { client.shutdown() }
        var configuration = StoreConfiguration()
        configuration.seenMaxItems = 3
        let keys = FeedKeys(configuration: configuration)
        let user = UserID(5)
        // Served in this order; 9 was served again last. A cap of 3 is below the 2 × cap bytes the
        // fold checks, so it counts and trims.
        try await client.execute("APPEND", keys.seenQueue(user), "9,30,200,1000,7,9,")
        let newest = try await client.execute(SeenQueue.foldAndRead(user, keys: keys, now: TestWorld.now))
        // The newest three in serving order; 9, 30 and 200 (the oldest) were cut.
        #expect(newest.string == "1000,7,9,")
        #expect(SeenQueue.newest(newest, limit: 2) == [PostID(9), PostID(7)])
        #expect(try await client.execute("EXISTS", keys.seenQueue(user)).int == 0)
        #expect(try await client.execute("TTL", keys.seen(user)).int ?? -1 > configuration.seenTTL - 60)
        // Folding with nothing queued only reads.
        let again = try await client.execute(SeenQueue.foldAndRead(user, keys: keys, now: TestWorld.now + 60))
        #expect(again.string == "1000,7,9,")
    }

    @Test func aSeenSetOfTheEarlierLayoutIsUpgradedByTheFoldAndReadUntilThen() async throws {
        let server = try await RedisServerProcess.start()
        defer { server.stop() }
        let client = server.client()
        defer { client.shutdown() }
        let keys = FeedKeys()
        let generator = try await setUp(client, keys: keys)
        let outcome = try await generator.generate(users: [UserID(7)], model: BaselineModel.valueModel(), modelVersion: "m1", now: TestWorld.now)[0].get()
        // The earlier layout: a ZSET post → time with the +inf sentinel, holding the feed's first two items.
        let first = outcome.items[0].post.rawValue, second = outcome.items[1].post.rawValue
        try await client.execute(
            "ZADD", keys.seen(UserID(7)), "inf", "~seen-set-sentinel-kept-as-a-skiplist-member-longer-than-64-bytes~",
            TestWorld.now - 20, first, TestWorld.now - 10, second)
        try await client.execute("EXPIRE", keys.seen(UserID(7)), 1_000)
        // A first page (restart path) reads the set as it is and skips both.
        let page = try await FeedPageScript(keys: keys).read(client: client, user: UserID(7), after: nil, limit: 3, request: 1, now: TestWorld.now)
        #expect(page.items.map(\.post) == Array(outcome.items[2..<5].map(\.post)))
        // A hide spares what the old set says was seen.
        let author = outcome.items[0].author
        _ = try await ReadPathHideScript(keys: keys).hide(client: client, user: UserID(7), author: author)
        #expect(try await client.execute("ZSCORE", keys.snapshot(UserID(7), outcome.generation), first).double == 0)
        // The fold turns it into the log, in serving order (set by time, then the queue), TTL kept.
        let log = try await client.execute(SeenQueue.foldAndRead(UserID(7), keys: keys, now: TestWorld.now + 1))
        let expected = ([first, second] + page.items.map(\.post.rawValue)).map { "\($0)," }.joined()
        #expect(log.string == expected)
        #expect(try await client.execute("TYPE", keys.seen(UserID(7))).string == "string")
        let ttl = try await client.execute("TTL", keys.seen(UserID(7))).int ?? -1
        #expect(ttl > keys.configuration.seenTTL - 60, "the fold refreshes the TTL")
    }

    @Test func missWithoutFeed() async throws {
        let server = try await RedisServerProcess.start()
        defer { server.stop() }
        let client = server.client()
        defer { client.shutdown() }
        let page = try await FeedPageScript().read(client: client, user: UserID(99), after: nil, limit: 10, request: 1, now: TestWorld.now)
        #expect(!page.found)
        #expect(page.items.isEmpty)
    }
}

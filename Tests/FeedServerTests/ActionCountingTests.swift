import FeedCore
import FeedServer
import FeedStore
import Foundation
import Hummingbird
import HummingbirdTesting
import PrefeedRedis
import Synchronization
import Testing

/// What an action changes, and how often (issue 22, items 3 and 4): effects applied exactly once
/// across a failure and its retry; actions on posts never served to the user, and repeats of a
/// (post, action) under new event ids, change no counter; a per-user rate limit.
@Suite("Action counting")
struct ActionCountingTests {
    /// The sum of the hourly buckets of `code` (`l` like, `c` click, …) in an engagement hash.
    static func count(_ key: RedisKey, _ code: Character, client: RedisClient) async throws -> Int {
        let fields = try await client.execute("HGETALL", key).array ?? []
        var total = 0
        var index = 0
        while index + 1 < fields.count {
            if let field = fields[index].string, field.last == code { total += Int(fields[index + 1].string ?? "") ?? 0 }
            index += 2
        }
        return total
    }

    /// The `status` field of every entry of `user`'s actions stream shard, in order.
    static func statuses(_ fixture: Fixture, user: UserID) async throws -> [String] {
        let entries = try await fixture.client.execute("XRANGE", fixture.keys.actions(for: user), "-", "+").array ?? []
        return entries.map { entry in
            let fields = (entry.array?[1].array ?? []).compactMap(\.string)
            return stride(from: 0, to: fields.count - 1, by: 2).first { fields[$0] == "status" }.map { fields[$0 + 1] } ?? "?"
        }
    }

    static func batch(_ actions: [String]) -> String { #"{"actions": ["# + actions.joined(separator: ",") + "]}" }

    @Test func aFailedEffectIsFinishedByTheRetryExactlyOnce() async throws {
        try await Fixture.with { fixture in
            let user = UserID(7)
            try await fixture.seedWorld(user: user, authors: 3, postsPerAuthor: 5)
            try await fixture.generate(user)
            let headers = try await fixture.auth(7)
            try await fixture.app().test(.router) { client in
                let page = try await client.feed("limit=3", headers: headers).decode(FeedPageResponse.self)
                let item = page.items[0]
                let postEngagement = fixture.keys.postEngagement(item.id)
                let authorEngagement = fixture.keys.authorEngagement(item.author)
                // The first attempt's post-engagement step fails: its key has the wrong type.
                try await fixture.client.execute("SET", postEngagement, "in the way")
                let body = Self.batch([actionJSON(event: "like-1", request: page.requestID, item: item.id.rawValue, action: "like")])
                let failed = try await client.actions(body, headers: headers)
                #expect(failed.status == .internalServerError)
                #expect(try await Self.count(authorEngagement, "l", client: fixture.client) == 1)
                let pending = try await fixture.client.execute("HGET", fixture.keys.pendingEvents(user), "like-1").string
                #expect(pending != nil && pending != "0")
                // The pending marker is bounded while it exists (docs/REDIS-KEYS.md: 24 h).
                let pendingTTL = try await fixture.client.execute("TTL", fixture.keys.pendingEvents(user)).int ?? -1
                #expect(pendingTTL > 0 && pendingTTL <= 86_400)
                let popular = try await fixture.client.execute("ZSCORE", fixture.keys.popularShard(of: item.id), item.id.rawValue).double
                #expect(popular != nil)

                // The key is repaired; the client retries the same event.
                try await fixture.client.execute("DEL", postEngagement)
                let retried = try await client.actions(body, headers: headers)
                #expect(retried.status == .ok)
                #expect(retried.json["duplicates"] as? Int == 1)
                #expect(try await Self.count(postEngagement, "l", client: fixture.client) == 1)
                #expect(try await Self.count(authorEngagement, "l", client: fixture.client) == 1)
                #expect(try await fixture.client.execute("ZSCORE", fixture.keys.popularShard(of: item.id), item.id.rawValue).double
                    == popular)
                #expect(try await fixture.client.execute("EXISTS", fixture.keys.pendingEvents(user)).int == 0)

                // A further retry is a plain duplicate: nothing changes.
                let again = try await client.actions(body, headers: headers)
                #expect(again.status == .ok)
                #expect(try await Self.count(postEngagement, "l", client: fixture.client) == 1)
                #expect(try await Self.count(authorEngagement, "l", client: fixture.client) == 1)
                #expect(try await fixture.client.execute("XLEN", fixture.keys.actions(for: user)).int == 1)
            }
        }
    }

    @Test func anActionOnAPostNeverServedChangesNoCounter() async throws {
        try await Fixture.with { fixture in
            let user = UserID(7)
            try await fixture.seedWorld(user: user, authors: 3, postsPerAuthor: 5)
            try await fixture.generate(user)
            let headers = try await fixture.auth(7)
            try await fixture.app().test(.router) { client in
                let page = try await client.feed("limit=3", headers: headers).decode(FeedPageResponse.self)
                let served = Set(page.items.map(\.id))
                let unserved = try #require((100_000..<100_015).map(PostID.init).first { !served.contains($0) })
                let author = try #require(try await fixture.writer.author(of: unserved))
                let response = try await client.actions(
                    Self.batch([
                        actionJSON(event: "u-1", request: page.requestID, item: unserved.rawValue, action: "like"),
                        actionJSON(event: "u-2", request: page.requestID, item: unserved.rawValue, action: "share"),
                        actionJSON(event: "u-3", request: page.requestID, item: unserved.rawValue, action: "report"),
                    ]), headers: headers)
                #expect(response.status == .ok)
                #expect(response.json["accepted"] as? Int == 3)
                for key in [
                    fixture.keys.postEngagement(unserved), fixture.keys.authorEngagement(author), fixture.keys.affinity(user),
                    fixture.keys.topicProfile(user), fixture.keys.rejectedPosts(user), fixture.keys.hiddenAuthors(user),
                ] {
                    #expect(try await fixture.client.execute("EXISTS", key).int == 0, "\(key)")
                }
                #expect(try await fixture.client.execute("ZSCORE", fixture.keys.popularShard(of: unserved), unserved.rawValue).isNull)
                #expect(try await fixture.client.execute("ZSCORE", fixture.keys.trendingShard(of: unserved), unserved.rawValue).isNull)
                #expect(try await Self.statuses(fixture, user: user) == ["unserved", "unserved", "unserved"])

                // The same action on a served post counts.
                let item = page.items[0]
                #expect(try await client.actions(
                    Self.batch([actionJSON(event: "s-1", request: page.requestID, item: item.id.rawValue, action: "like")]),
                    headers: headers
                ).status == .ok)
                #expect(try await Self.count(fixture.keys.postEngagement(item.id), "l", client: fixture.client) == 1)
                #expect(try await Self.statuses(fixture, user: user).last == "served")
            }
        }
    }

    @Test func aRepeatedLikeUnderNewEventIDsCountsOnce() async throws {
        try await Fixture.with { fixture in
            let user = UserID(7)
            try await fixture.seedWorld(user: user, authors: 3, postsPerAuthor: 5)
            try await fixture.generate(user)
            let headers = try await fixture.auth(7)
            try await fixture.app().test(.router) { client in
                let page = try await client.feed("limit=3", headers: headers).decode(FeedPageResponse.self)
                let item = page.items[0]
                let like = { (event: String) in actionJSON(event: event, request: page.requestID, item: item.id.rawValue, action: "like") }
                #expect(try await client.actions(Self.batch([like("l-1"), like("l-2")]), headers: headers).status == .ok)
                let popular = try await fixture.client.execute("ZSCORE", fixture.keys.popularShard(of: item.id), item.id.rawValue).double
                let affinity = try await fixture.client.execute("HGET", fixture.keys.affinity(user), item.author.rawValue).string
                let again = try await client.actions(Self.batch([like("l-3")]), headers: headers)
                #expect(again.status == .ok)
                #expect(again.json["accepted"] as? Int == 1)
                #expect(try await Self.count(fixture.keys.postEngagement(item.id), "l", client: fixture.client) == 1)
                #expect(try await Self.count(fixture.keys.authorEngagement(item.author), "l", client: fixture.client) == 1)
                #expect(try await fixture.client.execute("ZSCORE", fixture.keys.popularShard(of: item.id), item.id.rawValue).double
                    == popular)
                #expect(try await fixture.client.execute("HGET", fixture.keys.affinity(user), item.author.rawValue).string == affinity)
                #expect(try await Self.statuses(fixture, user: user) == ["served", "repeat", "repeat"])

                // Another action on the same post is its own pair.
                #expect(try await client.actions(
                    Self.batch([actionJSON(event: "c-1", request: page.requestID, item: item.id.rawValue, action: "click")]),
                    headers: headers
                ).status == .ok)
                #expect(try await Self.count(fixture.keys.postEngagement(item.id), "c", client: fixture.client) == 1)

                // The remembered pairs are bounded by a TTL.
                let ttl = try await fixture.client.execute("TTL", fixture.keys.countedActions(user)).int ?? -1
                #expect(ttl > 0 && ttl <= 7 * 86_400)
            }
        }
    }

    @Test func aPendingEventIsAppliedByOneRequestAtATime() async throws {
        try await Fixture.with { fixture in
            let user = UserID(7)
            try await fixture.seedWorld(user: user, authors: 2, postsPerAuthor: 2)
            try await fixture.generate(user)
            let page = try await FeedPageScript(keys: fixture.keys).read(
                client: fixture.client, user: user, after: nil, limit: 2, request: RequestID(1), now: Date().timeIntervalSince1970)
            let served = try #require(page.items.first?.post)
            let script = ReadPathActionScript(keys: fixture.keys)
            let event = ReadPathActionScript.Event(
                clientEventID: "p-1", request: RequestID(1), post: served, action: .like,
                clientTime: Date().timeIntervalSince1970)
            let now = Date().timeIntervalSince1970.rounded(.down)  // whole seconds: exact lease arithmetic
            #expect(try await script.append(client: fixture.client, user: user, events: [event], now: now) == .recorded([.apply]))
            // A concurrent retry while the first request is still applying the effects: retry later.
            #expect(try await script.append(client: fixture.client, user: user, events: [event], now: now + 1)
                == .recorded([.busy(retryAfterMilliseconds: Int((script.pendingLease - 1) * 1000))]))
            // The first request settles with one step missing: the next retry applies the rest.
            try await script.settle(
                [.init(clientEventID: "p-1", done: [.authorEngagement, .affinity], isComplete: false)], client: fixture.client, user: user)
            #expect(try await script.append(client: fixture.client, user: user, events: [event], now: now + 2)
                == .recorded([.retry(done: [.authorEngagement, .affinity])]))
            // That retry never settles (the process died): after the reservation another retry takes over.
            #expect(try await script.append(client: fixture.client, user: user, events: [event], now: now + 3)
                == .recorded([.busy(retryAfterMilliseconds: Int((script.pendingLease - 1) * 1000))]))
            #expect(try await script.append(client: fixture.client, user: user, events: [event], now: now + 2 + script.pendingLease + 1)
                == .recorded([.retry(done: [.authorEngagement, .affinity])]))
            try await script.settle(
                [.init(clientEventID: "p-1", done: [.authorEngagement, .affinity, .postEngagement], isComplete: true)],
                client: fixture.client, user: user)
            #expect(try await script.append(client: fixture.client, user: user, events: [event], now: now + 30)
                == .recorded([.duplicate]))
            #expect(try await fixture.client.execute("EXISTS", fixture.keys.pendingEvents(user)).int == 0)
        }
    }

    @Test func aRetryWhileAnotherRequestHoldsTheEventIsToldToComeBackAndThenFinishesIt() async throws {
        let offset = Mutex<Double>(0)
        let clock = UnixClock { Date().timeIntervalSince1970 + offset.withLock { $0 } }
        try await Fixture.with({ $0.clock = clock }) { fixture in
            let user = UserID(7)
            try await fixture.seedWorld(user: user, authors: 3, postsPerAuthor: 5)
            try await fixture.generate(user)
            let headers = try await fixture.auth(7)
            try await fixture.app().test(.router) { client in
                let page = try await client.feed("limit=3", headers: headers).decode(FeedPageResponse.self)
                let item = page.items[0]
                let body = Self.batch([
                    actionJSON(event: "held-1", request: page.requestID, item: item.id.rawValue, action: "like"),
                    actionJSON(event: "free-1", request: page.requestID, item: page.items[1].id.rawValue, action: "like"),
                ])
                // A request recorded "held-1" and died before applying its effects: it still holds it.
                let script = ReadPathActionScript(keys: fixture.keys)
                let held = ReadPathActionScript.Event(
                    clientEventID: "held-1", request: RequestID(UInt64(page.requestID)!), post: item.id, action: .like,
                    clientTime: clock.now)
                #expect(try await script.append(client: fixture.client, user: user, events: [held], now: clock.now) == .recorded([.apply]))

                let busy = try await client.actions(body, headers: headers)
                #expect(busy.status == .conflict)
                #expect(busy.headers[.contentType] == "application/problem+json")
                let retryAfter = try #require(busy.headers[.retryAfter].flatMap { Int($0) })
                #expect((1...10).contains(retryAfter))
                // The free event of the batch was applied; the held one not yet.
                #expect(try await Self.count(fixture.keys.postEngagement(page.items[1].id), "l", client: fixture.client) == 1)
                #expect(try await Self.count(fixture.keys.postEngagement(item.id), "l", client: fixture.client) == 0)

                offset.withLock { $0 += Double(retryAfter) + 1 }
                let retried = try await client.actions(body, headers: headers)
                #expect(retried.status == .ok)
                #expect(retried.json["duplicates"] as? Int == 2)
                #expect(try await Self.count(fixture.keys.postEngagement(item.id), "l", client: fixture.client) == 1)
                #expect(try await Self.count(fixture.keys.postEngagement(page.items[1].id), "l", client: fixture.client) == 1)
                #expect(try await client.actions(body, headers: headers).status == .ok)
                #expect(try await Self.count(fixture.keys.postEngagement(item.id), "l", client: fixture.client) == 1)
                #expect(try await fixture.client.execute("EXISTS", fixture.keys.pendingEvents(user)).int == 0)
            }
        }
    }

    @Test func overTheRateLimitABatchIs429WithRetryAfterAndRecordsNothing() async throws {
        try await Fixture.with({ $0.actionRateLimit = 5 }) { fixture in
            let user = UserID(7)
            let headers = try await fixture.auth(7)
            try await fixture.app().test(.router) { client in
                let three = { (prefix: String) in
                    Self.batch((1...3).map { actionJSON(event: "\(prefix)-\($0)", request: "1", item: UInt64(10 + $0), action: "click") })
                }
                #expect(try await client.actions(three("a"), headers: headers).status == .ok)
                let refused = try await client.actions(three("b"), headers: headers)
                #expect(refused.status == .tooManyRequests)
                #expect(refused.headers[.contentType] == "application/problem+json")
                let retryAfter = try #require(refused.headers[.retryAfter].flatMap { Int($0) })
                #expect((1...60).contains(retryAfter))
                #expect(try await fixture.client.execute("XLEN", fixture.keys.actions(for: user)).int == 3)
                let ttl = try await fixture.client.execute("TTL", fixture.keys.actionRate(user)).int ?? -1
                #expect(ttl > 0 && ttl <= 60)
                // Another user has their own window.
                #expect(try await client.actions(three("c"), headers: try await fixture.auth(8)).status == .ok)
            }
        }
    }
}

import FeedCore
import FeedServer
import FeedStore
import Foundation
import Hummingbird
import HummingbirdTesting
import PrefeedRedis
import PrefeedTestSupport
import Synchronization
import Testing

/// The read path through the real router on a local Redis Cluster (3 masters, 3 replicas), with
/// the cluster key layout: resharding under load and a master's death.
@Suite("Read path on Redis Cluster", .serialized, .timeLimit(.minutes(3)))
struct ClusterReadPathTests {
    @Test func reshardingWhilePagesAreReadLosesNoPageAndNoImpression() async throws {
        try await Fixture.withCluster { fixture in
            let users = (1...6).map { UserID(UInt64($0)) }
            for user in users {
                try await fixture.seedWorld(
                    user: user, authors: 4, postsPerAuthor: 10,
                    firstAuthor: 1_000 + user.rawValue * 10, firstPost: 100_000 + user.rawValue * 1_000)
                try await fixture.generate(user)
            }
            let cluster = try #require(fixture.cluster)
            let tally = ReadTally()
            let headers = try await users.asyncMap { try await fixture.auth($0.rawValue) }
            try await fixture.app().test(.router) { client in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for (index, user) in users.enumerated() {
                        group.addTask {
                            var after = ""
                            while !tally.stop.load(ordering: .relaxed) {
                                let response = try await client.feed("limit=5" + after, headers: headers[index])
                                let items = response.json["items"] as? [[String: Any]] ?? []
                                tally.record(status: response.status.code, items: items.count, user: user)
                                if let next = response.json["next"] as? [String: Any], let id = next["after"] as? Int {
                                    after = "&after=\(id)"
                                } else {
                                    after = ""
                                }
                            }
                        }
                    }
                    // Move every user's slot to another master and on again, while they read.
                    for round in 0..<2 {
                        for user in users {
                            try await cluster.moveSlot(HashSlot(key: "u:\(user.rawValue)"), skip: round)
                        }
                    }
                    try await Task.sleep(for: .milliseconds(200))
                    tally.stop.store(true, ordering: .relaxed)
                    try await group.waitForAll()
                }
            }
            let (statuses, pagesWithItems) = tally.result
            #expect(statuses.keys.sorted() == [200], "every page read succeeds: \(statuses)")
            #expect(pagesWithItems.values.reduce(0, +) > 30)
            for user in users {
                // Exactly one impression record per page served with items.
                #expect(try await fixture.impressions(of: user).count == pagesWithItems[user, default: 0], "user \(user)")
            }
            #expect(fixture.client.statistics.snapshot.redirections > 0)
        }
    }

    @Test func aMasterDeathGives503WithRetryAfterBrieflyThenPagesAgain() async throws {
        try await Fixture.withCluster { fixture in
            let user = UserID(5)
            try await fixture.seedWorld(user: user, authors: 3, postsPerAuthor: 8)
            try await fixture.generate(user)
            let headers = try await fixture.auth(user.rawValue)
            let cluster = try #require(fixture.cluster)
            // The replica must hold the feed before its master dies.
            let written = await fixture.client.pipeline([
                RedisCommand("EXISTS", fixture.keys.feedMeta(user)), RedisCommand("WAIT", 1, 2_000),
            ])
            #expect(try written[1].get().int == 1)
            let map = try #require(try await fixture.client.clusterSlotMap())
            let master = try #require(map.master(of: HashSlot(key: "u:\(user.rawValue)")))

            try await fixture.app().test(.router) { client in
                #expect(try await client.feed("limit=2", headers: headers).status == .ok)
                try #require(cluster.node(at: master)).kill9()
                let killed = ContinuousClock.now
                var unavailable = 0
                var recoveredAfter: Duration?
                while ContinuousClock.now - killed < .seconds(20) {
                    let response = try await client.feed("limit=2", headers: headers)
                    if response.status == .ok {
                        recoveredAfter = ContinuousClock.now - killed
                        break
                    }
                    #expect(response.status == .serviceUnavailable)
                    #expect(response.headers[.retryAfter] != nil)
                    #expect(response.headers[.contentType] == "application/problem+json")
                    unavailable += 1
                    try await Task.sleep(for: .milliseconds(100))
                }
                let recovered = try #require(recoveredAfter, "the read path did not recover within 20 s")
                #expect(recovered < .seconds(15))
                print("cluster read path: master \(master) killed; \(unavailable) responses 503, pages again after \(recovered)")
            }
        }
    }
}

/// Counters shared by the reading tasks.
private final class ReadTally: Sendable {
    let stop = Atomic<Bool>(false)
    private let state = Mutex<(statuses: [Int: Int], pages: [UserID: Int])>(([:], [:]))

    func record(status: Int, items: Int, user: UserID) {
        state.withLock { state in
            state.statuses[status, default: 0] += 1
            if status == 200 && items > 0 { state.pages[user, default: 0] += 1 }
        }
    }

    var result: (statuses: [Int: Int], pages: [UserID: Int]) { state.withLock { $0 } }
}

extension Array {
    fileprivate func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        for element in self { out.append(try await transform(element)) }
        return out
    }
}

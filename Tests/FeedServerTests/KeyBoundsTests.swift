import FeedCore
import FeedServer
import FeedStore
import FeedWorker
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PrefeedRedis
import PrefeedTestSupport
import Testing

/// Every key has a TTL or a documented trim bound: every endpoint is exercised through the router
/// (pages, a miss, actions incl. a hide, sessions, post create and delete, follow and unfollow),
/// then the impression counter runs once, a model is published, and the real `prefeed worker`,
/// `join`, `warmup run` and `schedule` commands run once each; then `SCAN` walks the whole keyspace,
/// and must have met a key of every kind the docs' key tables list (issue 22). On a cluster,
/// `ClusterCommandsTests` walks every node the same way after running every `prefeed` command.
@Suite("Key bounds after every endpoint")
struct KeyBoundsTests {
    static func json(_ headers: HTTPFields) -> HTTPFields {
        var headers = headers
        headers[.contentType] = "application/json"
        return headers
    }

    @Test func noKeyIsLeftWithoutATTLOrATrimBound() async throws {
        try await Fixture.with { fixture in
            let user = UserID(7)
            try await fixture.seedWorld(user: user, authors: 4, postsPerAuthor: 10)
            try await fixture.generate(user)
            let reader = try await Self.json(fixture.auth(7))
            let ingest = try await Self.json(fixture.auth(7, scope: "ingest"))
            let now = Date().timeIntervalSince1970
            try await fixture.app().test(.router) { client in
                let page = try await client.feed("limit=5", headers: reader).decode(FeedPageResponse.self)
                // A regeneration folds the page's seen queue into the seen log; the next page starts a new queue.
                try await fixture.generate(user)
                let next = try await client.feed("limit=5&after=\(page.next!.after)", headers: reader)
                #expect(next.status == .ok)
                // A miss: a user without a feed (inline generation or fallback, plus a job).
                let stranger = try await Self.json(fixture.auth(9))
                #expect(try await client.feed("limit=5", headers: stranger).status == .ok)
                let actions = #"{"actions": ["# + [
                    actionJSON(event: "k-1", request: page.requestID, item: page.items[0].id.rawValue, action: "like"),
                    actionJSON(event: "k-2", request: page.requestID, item: page.items[1].id.rawValue, action: "hide"),
                ].joined(separator: ",") + "]}"
                #expect(try await client.actions(actions, headers: reader).status == .ok)
                #expect(try await client.execute(uri: "/v1/sessions", method: .post, headers: reader).status.code < 300)
                let post = ByteBuffer(string: #"{"id": 990001, "author": 7, "created_at": \#(now - 5), "media_type": "text"}"#)
                #expect(try await client.execute(uri: "/v1/posts", method: .post, headers: ingest, body: post).status == .created)
                #expect(try await client.execute(uri: "/v1/posts/990001", method: .delete, headers: ingest).status.code < 300)
                #expect(try await client.execute(uri: "/v1/users/7/follows/1003", method: .put, headers: reader).status.code < 300)
                #expect(try await client.execute(uri: "/v1/users/7/follows/1002", method: .delete, headers: reader).status.code < 300)
            }
            var counterConfiguration = ImpressionCounterConfiguration()
            counterConfiguration.once = true
            try await ImpressionCounter(client: fixture.client, keys: fixture.keys, configuration: counterConfiguration,
                                        logger: Logger(label: "test")).run()
            // A model version published, then every job as the real `prefeed` command on the same
            // Redis: the worker drains the miss's job, the join reads both streams, a warm-up and a
            // scheduler pass run.
            // Source data only the loader and the writer produce (no endpoint writes them).
            try await fixture.writer.putUser(user, createdAt: now - 86_400, platform: .ios)
            try await fixture.writer.blockAuthor(user, author: AuthorID(1_001), at: now)
            let model = try ModelFileCheck.check(try BaselineModel.file.encoded(), version: "bounds-v1")
            try await ModelStore(client: fixture.client, keys: fixture.keys, logger: Logger(label: "test"))
                .publish(version: model.version, json: model.json, at: now)
            let prefeed = try PrefeedExecutable.locate()
            let work = fixture.server.directory
            let log = work.appendingPathComponent("jobs.log")
            let redis = ["--redis", "redis://127.0.0.1:\(fixture.server.port)"]
            let featureLog = ["--feature-log-dir", work.appendingPathComponent("feature-log").path]
            // A user active without a feed, for the scheduler to queue and the worker to generate.
            let idle = UserID(11)
            try await ActivityIndex(client: fixture.client, keys: JobKeys()).record([(idle, now)])
            for arguments in [
                ["schedule"] + redis + ["--once", "--log-level", "warning"],
                ["worker"] + redis + featureLog + ["--once", "--log-level", "warning"],
                ["join"] + redis + featureLog + ["--once", "--window", "1s", "--lag", "0s", "--out", work.appendingPathComponent("rows").path],
                ["warmup", "run"] + redis + ["--once", "--quiet"],
            ] {
                let status = try await waitForExit(try prefeed.start(arguments, log: log), timeout: .seconds(120))
                #expect(status == 0, "prefeed \(arguments[0]) exited \(String(describing: status)); see \(log.path)")
            }
            #expect(try await fixture.client.execute("HGET", fixture.keys.feedMeta(idle), "cur").int != nil,
                    "the scheduler queued user 11 and the worker generated its feed; see \(log.path)")
            // The model change made the worker regenerate user 7 too (folding its seen queue): one
            // more page leaves a queue to walk.
            try await fixture.app().test(.router) { client in
                let response = try await client.feed("limit=5", headers: reader)
                #expect(response.status == .ok)
            }
            // One job left queued, so its marker and stream entry are walked too.
            _ = try await JobQueue(client: fixture.client, logger: Logger(label: "test")).enqueue([UserID(12)], priority: .scheduled, reason: "bounds")

            let walk = try await KeyBoundsWalk.walk(fixture.client)
            let all = walk.all
            #expect(all.count > 50)
            // The walk saw a key of every kind docs/REDIS-KEYS.md and docs/JOBS.md list (so an
            // unbounded one of any kind would be caught), except those this run cannot produce.
            let kinds = try Self.documentedKinds()
            #expect(kinds.count >= 30, "key tables of the docs: \(kinds.count) kinds")
            for kind in kinds where !Self.notProducedHere.keys.contains(kind.pattern) {
                #expect(all.contains { kind.matches($0) }, "no key of kind \(kind.pattern) was written")
            }
            #expect(walk.unbounded.isEmpty, "keys without TTL or trim bound: \(walk.unbounded.sorted().prefix(20))")
        }
    }

    /// Documented kinds this test cannot produce, with the reason.
    static let notProducedHere: [String: String] = [
        "{u:<id>}:flog:<gen>": "old layout, no longer written (read only until replaced)",
        "{u:<id>}:evpending": "exists only while an action's side effects failed half-way (ActionCountingTests checks its TTL then)",
        "jobs:{<p>:<s>}:dead": "written only when a job exhausts its retries (JobQueueTests checks its MAXLEN bound)",
        "jobs:{<p>:<s>}:errors": "written only while a failed job waits for its retry (JobQueueTests checks its TTL then)",
        "jobs:{<p>:<s>}:done": "only with --completion-log (tests and audits; MAXLEN ~ N)",
        "warmup:{warmup}:budget:<hour>": "written only when a warm-up pass queues a job (WarmupRunTests checks its TTL)",
        "impressions:{<slot tag>}": "cluster layout (ClusterCommandsTests walks it)",
        "actions:{<slot tag>}": "cluster layout (ClusterCommandsTests walks it)",
    ]

    /// A key pattern of the docs' tables (`<…>` stands for one or more characters).
    struct Kind {
        var pattern: String

        func matches(_ key: String) -> Bool {
            // Literal parts escaped, each `<…>` as `.+`, matched against the whole key.
            var expression = ""
            var rest = Substring(pattern)
            while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
                expression += NSRegularExpression.escapedPattern(for: String(rest[..<open])) + ".+"
                rest = rest[rest.index(after: close)...]
            }
            expression += NSRegularExpression.escapedPattern(for: String(rest))
            guard let regex = try? Regex(expression) else { return false }
            return key.wholeMatch(of: regex) != nil
        }
    }

    /// The first-column key patterns of the key tables in docs/REDIS-KEYS.md and docs/JOBS.md.
    static func documentedKinds() throws -> [Kind] {
        var kinds: [Kind] = []
        for document in ["docs/REDIS-KEYS.md", "docs/JOBS.md"] {
            let text = try String(contentsOfFile: try locateProjectFile(document), encoding: .utf8)
            for line in text.split(separator: "\n") where line.hasPrefix("| `") {
                let cell = line.dropFirst(2).prefix { $0 != "|" }
                // "`a` / `b`": each backticked name that looks like a key (has `:`, no spaces).
                for name in cell.split(separator: "`") where name.contains(":") && !name.contains(" ") {
                    kinds.append(Kind(pattern: String(name)))
                }
            }
        }
        return kinds
    }
}

import FeedCore
import FeedJoin
import FeedLearning
import FeedStore
import Foundation
import PrefeedRedis
import PrefeedTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Issue 7's crash test: the real `prefeed join` process is killed with SIGKILL several times
/// mid-run (between and inside commits), restarted on the same directory each time, and the rows
/// on disk at the end are compared with a reference join computed in-process by the pure `Joiner`
/// on the same inputs: no row twice, none missing, same labels, features and weights.
@Suite("Join crash safety with the real prefeed join process", .serialized, .timeLimit(.minutes(5)))
struct JoinCrashTests {
    /// A deterministic generator (SplitMix64).
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    }

    struct Input {
        var impressions: [ImpressionRecord] = []
        var actions: [(record: ActionRecord, delay: Int64)] = []
        var logs: [(user: UserID, generation: GenerationID, posts: [PostID])] = []
    }

    static let window: Int64 = 600_000

    /// 300 pages of 5 items by 20 users over 10 minutes; actions up to 12 minutes after a page
    /// (some late), 80 % with the page's request id, 5 % uploaded twice, 20 orphans; every 7th
    /// generation without a feature log. Entry ids trail client times by < 1 s (the join's lag).
    static func input(base: Int64) -> Input {
        var random = Generator(state: 7)
        var input = Input()
        var generations: [GenerationID: (UserID, [PostID])] = [:]
        for index in 0..<300 {
            let user = UInt64(index % 20 + 1)
            let generationIndex = UInt64(index / 60)
            let generation = GenerationID(user * 1_000 + generationIndex)
            let posts = (0..<30).map { PostID(user * 100_000 + generationIndex * 100 + UInt64($0)) }
            generations[generation] = (UserID(user), posts)
            let first = ((index / 20) % 6) * 5
            let servedAt = base + Int64(index) * 2_000
            let impression = ImpressionRecord(
                requestID: RequestID(UInt64(10_000 + index)), user: UserID(user), generation: generation,
                modelVersion: "lr-\(generationIndex)", servedAt: servedAt,
                items: (first..<(first + 5)).map { ImpressedItem(post: posts[$0], position: $0) })
            input.impressions.append(impression)
            for item in impression.items where random.below(100) < 35 {
                let type = ActionType.allCases[random.below(ActionType.allCases.count)]
                let time = servedAt + Int64(random.below(720_000))
                let record = ActionRecord(
                    user: impression.user, post: item.post, action: type, clientEventID: "e\(input.actions.count)",
                    requestID: random.below(100) < 80 ? impression.requestID : nil, time: time,
                    dwellMillis: type == .dwell ? Int64(random.below(20_000)) : 0)
                let delay = Int64(random.below(500))
                input.actions.append((record, delay))
                if random.below(100) < 5 { input.actions.append((record, delay + 200)) }
            }
        }
        for index in 0..<20 {
            let record = ActionRecord(
                user: UserID(UInt64(index % 20 + 1)), post: PostID(9_999_999), action: .click, clientEventID: "o\(index)",
                time: base + Int64(index) * 30_000)
            input.actions.append((record, 0))
        }
        input.actions.sort { ($0.record.time + $0.delay) < ($1.record.time + $1.delay) }
        for (generation, value) in generations.sorted(by: { $0.key < $1.key }) where generation.rawValue % 7 != 3 {
            input.logs.append((value.0, generation, value.1))
        }
        return input
    }

    /// Every input through one pure `Joiner`, advanced once to `watermark`.
    static func reference(_ input: Input, watermark: Int64) throws -> (joiner: Joiner, rows: [TrainingRow]) {
        var table = FeatureLogTable()
        for entry in input.logs {
            table.insert(user: entry.user, generation: entry.generation, posts: entry.posts,
                         features: entry.posts.indices.map { StreamFixtures.features(generation: entry.generation, position: $0) })
        }
        var joiner = Joiner(configuration: try JoinConfiguration(windowMillis: Self.window, negativeSamplingRate: 0.5))
        for impression in input.impressions { joiner.add(impression) }
        for (record, _) in input.actions { joiner.add(record) }
        let rows = joiner.advance(to: watermark, features: table)
        return (joiner, rows)
    }

    /// Loads `input` into the server's streams and feature logs.
    static func load(_ input: Input, into streams: inout StreamFixtures) async throws {
        for log in input.logs { try await streams.writeFeatureLog(user: log.user, generation: log.generation, posts: log.posts) }
        for impression in input.impressions { try await streams.add(impression) }
        for (record, delay) in input.actions { try await streams.add(record, delay: delay) }
    }

    @Test func killNineSeveralTimesThenRestartYieldsExactlyTheReferenceRows() async throws {
        let prefeed = try PrefeedExecutable.locate()
        try prefeed.requireSubcommand("join")
        let server = try await RedisServerProcess.start()
        defer { server.stop() }
        let client = server.client()
        defer { client.shutdown() }
        var streams = StreamFixtures(client: client)
        let base = try await streams.serverTime() - 3 * 3_600_000
        let input = Self.input(base: base)
        try await Self.load(input, into: &streams)

        let directory = server.directory.appendingPathComponent("rows")
        let log = server.directory.appendingPathComponent("join.log")
        let arguments = ["join", "--redis", "redis://127.0.0.1:\(server.port)", "--out", directory.path,
                         "--window", "10m", "--sample-rate", "0.5", "--once", "--batch", "20", "--lag", "1s",
                         "--commit-interval", "0", "--log-level", "info"]
        @Sendable func committed() -> Int { (try? TrainingRowReader.readManifest(directory: directory).commit) ?? 0 }

        var kills: [Int] = []
        var random = Generator(state: 11)
        for attempt in 0..<4 {
            let before = committed()
            let process = try prefeed.start(arguments + ["--pause-after-round-ms", "20"], log: log)
            // The kill is decided on its own thread: parallel tests can starve this task for
            // longer than the whole join takes. A random delay of up to 30 ms lands it in the
            // pause after a commit or inside the next round.
            let target = before + 2 + attempt
            let sent = await killNine(process, when: { committed() >= target },
                                      delay: .milliseconds(random.below(30)), timeout: .seconds(60))
            process.waitUntilExit()
            guard sent, process.terminationReason == .uncaughtSignal else { break }
            kills.append(committed())
        }
        let last = try prefeed.start(arguments, log: log)
        let status = try await waitForExit(last, timeout: .seconds(120))
        #expect(status == 0, "the restarted join must finish; see \(log.path)")
        #expect(kills.count >= 3, "killed at commits \(kills); see \(log.path)")

        let manifest = try TrainingRowReader.readManifest(directory: directory)
        let checkpoint = try JoinState.restore(checkpoint: Data(contentsOf: directory.appendingPathComponent(try #require(manifest.checkpoint))))

        // The reference: the same records through one pure Joiner, up to the same watermark.
        let (reference, expected) = try Self.reference(input, watermark: checkpoint.watermark)

        let written = try TrainingRowReader.read(directory)
        print("join crash test: killed at commits \(kills), \(manifest.commit) commits in all, \(written.count) rows "
            + "(reference \(expected.count)); late \(reference.counters.late), orphans \(reference.counters.orphans), "
            + "duplicates \(reference.counters.duplicates), missing features \(reference.counters.missingFeatures)")
        let counts = Dictionary(written.map { (rowKey($0), 1) }, uniquingKeysWith: +)
        #expect(counts.values.allSatisfy { $0 == 1 }, "a row was written twice")
        #expect(written.count == expected.count && manifest.totalRows == expected.count)
        let writtenByKey = Dictionary(written.map { (rowKey($0), $0) }, uniquingKeysWith: { first, _ in first })
        let expectedByKey = Dictionary(uniqueKeysWithValues: expected.map { (rowKey($0), $0) })
        let missing = Set(expectedByKey.keys).subtracting(writtenByKey.keys).sorted()
        let extra = Set(writtenByKey.keys).subtracting(expectedByKey.keys).sorted()
        let different = expectedByKey.filter { key, row in writtenByKey[key].map { $0 != row } ?? false }.keys.sorted()
        #expect(missing.isEmpty, "\(missing.count) rows missing, e.g. \(missing.prefix(5))")
        #expect(extra.isEmpty, "\(extra.count) rows not in the reference, e.g. \(extra.prefix(5))")
        #expect(different.isEmpty, "\(different.count) rows differ (labels, features or weight), e.g. \(different.prefix(5))")
        #expect(checkpoint.counters == reference.counters)
        #expect(reference.counters.late > 0 && reference.counters.orphans == 20 && reference.counters.duplicates > 0)
        #expect(reference.counters.missingFeatures > 0 && reference.counters.negativesDropped > 0)
        #expect(checkpoint.openImpressionCount == 0)
        #expect(try await streams.pending() == 0, "committed entries are acknowledged, even those of killed runs")
    }

    @Test func continuousJoinCommitsAsItGoesAndStopsCleanlyOnSIGTERM() async throws {
        let prefeed = try PrefeedExecutable.locate()
        try prefeed.requireSubcommand("join")
        let server = try await RedisServerProcess.start()
        defer { server.stop() }
        let client = server.client()
        defer { client.shutdown() }
        var streams = StreamFixtures(client: client)
        let now = try await streams.serverTime()
        let input = Self.input(base: now - 3 * 3_600_000)
        try await Self.load(input, into: &streams)
        let expected = try Self.reference(input, watermark: now).rows

        let directory = server.directory.appendingPathComponent("rows")
        let log = server.directory.appendingPathComponent("join.log")
        let process = try prefeed.start(
            ["join", "--redis", "redis://127.0.0.1:\(server.port)", "--out", directory.path, "--window", "10m",
             "--sample-rate", "0.5", "--batch", "50", "--lag", "1s", "--commit-interval", "0"], log: log)
        let deadline = ContinuousClock.now + .seconds(60)
        while (try? TrainingRowReader.readManifest(directory: directory).totalRows) != expected.count,
            ContinuousClock.now < deadline, process.isRunning
        {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(process.isRunning, "a continuous join keeps running once drained; see \(log.path)")
        kill(process.processIdentifier, SIGTERM)
        let status = try await waitForExit(process, timeout: .seconds(30))
        #expect(status == 0, "SIGTERM stops the join gracefully; see \(log.path)")
        let text = try String(contentsOf: log, encoding: .utf8)
        #expect(text.contains("join: read \(input.impressions.count + input.actions.count) entries"), "\(text.suffix(800))")
        let written = try TrainingRowReader.read(directory)
        #expect(written.sorted { rowKey($0) < rowKey($1) }.map(rowKey) == expected.sorted { rowKey($0) < rowKey($1) }.map(rowKey))
        #expect(try await streams.pending() == 0)
    }

    @Test func badFlagsAreRefusedWithClearErrors() async throws {
        let prefeed = try PrefeedExecutable.locate()
        try prefeed.requireSubcommand("join")
        let cases: [([String], String)] = [
            (["--window", "15d"], "--window 15d is not in (0, 14d]"),
            (["--window", "ten"], "--window ten: expected a number with a unit"),
            (["--sample-rate", "0"], "--sample-rate 0.0 is not in (0, 1]"),
            (["--format", "parquet"], "--format must be jsonl or csv"),
            (["--backfill", "--from", "2026-01-01T00:00:00Z"], "--backfill needs --from and --to"),
            (["--backfill", "--once", "--from", "0", "--to", "1"], "drop --once"),
            (["--from", "0"], "--from and --to only go with --backfill"),
            (["--backfill", "--from", "yesterday", "--to", "1"], "--from yesterday: expected ISO-8601"),
        ]
        for (flags, message) in cases {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: prefeed.path)
            process.arguments = ["join", "--redis", "redis://127.0.0.1:1"] + flags
            let output = Pipe()
            process.standardOutput = FileHandle.nullDevice
            process.standardError = output
            try process.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus != 0, "\(flags)")
            #expect(text.contains(message), "\(flags): \(text)")
        }
    }
}

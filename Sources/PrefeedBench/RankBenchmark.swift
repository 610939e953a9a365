import FeedCore
import Foundation

/// `prefeed bench rank`: the ranking core's throughput on one core.
///
/// One "feed" is the worker's CPU work for one user: the feature matrix of 500 candidates (from
/// already-fetched inputs), the value model's six heads, and reranking into a 500-item feed. The
/// benchmark runs it back to back on the calling task for `seconds` with logistic-regression heads,
/// then for `seconds` with gradient-boosted heads (the 100-tree depth-6 xgboost model at
/// `gbdtModelPath`, used for all six heads, so 600 trees per candidate). Inputs are seeded, so runs
/// are comparable. It prints a table, then one JSON object as the last line.
public enum RankBenchmark {
    /// Throughput and per-phase cost of one run.
    public struct Result: Sendable, Codable {
        public var feedsPerSecondLR: Double
        public var feedsPerSecondGBDT: Double
        public var candidates: Int
        public var feedItems: Int
        public var features: Int
        public var gbdtTrees: Int
        public var gbdtMaxDepth: Int
        public var gbdtHeads: Int
        public var microsecondsFeatures: Double
        public var microsecondsScoreLR: Double
        public var microsecondsScoreGBDT: Double
        public var microsecondsRerank: Double
        public var secondsPerPhase: Double
        /// Thread CPU time over wall time during the run: below ~0.95 the machine was contended and
        /// the wall-clock rates understate the code (the `_cpu` rates divide by CPU time instead).
        public var cpuShare: Double
        public var feedsPerCPUSecondLR: Double
        public var feedsPerCPUSecondGBDT: Double

        enum CodingKeys: String, CodingKey {
            case feedsPerSecondLR = "feeds_per_s_lr"
            case feedsPerSecondGBDT = "feeds_per_s_gbdt"
            case candidates
            case feedItems = "feed_items"
            case features
            case gbdtTrees = "gbdt_trees"
            case gbdtMaxDepth = "gbdt_max_depth"
            case gbdtHeads = "gbdt_heads"
            case microsecondsFeatures = "us_features"
            case microsecondsScoreLR = "us_score_lr"
            case microsecondsScoreGBDT = "us_score_gbdt"
            case microsecondsRerank = "us_rerank"
            case secondsPerPhase = "seconds_per_phase"
            case cpuShare = "cpu_share"
            case feedsPerCPUSecondLR = "feeds_per_cpu_s_lr"
            case feedsPerCPUSecondGBDT = "feeds_per_cpu_s_gbdt"
        }
    }

    static let candidateCount = 500
    static let users = 8

    /// Runs the benchmark; each of the two phases lasts about `seconds`.
    @discardableResult
    public static func run(seconds: Double, gbdtModelPath: String, print: (String) -> Void) throws -> Result {
        let modelData = try Data(contentsOf: URL(fileURLWithPath: gbdtModelPath))
        let ensemble = try XGBoostModelLoader.load(modelData)
        let gbdt = try ValueModel.gradientBoosted(
            version: "bench-gbdt", json: Dictionary(uniqueKeysWithValues: ActionType.heads.map { ($0, modelData) }))
        let lr = try ValueModel.logistic(json: syntheticLogisticModel())
        let workloads = (0..<users).map { makeWorkload(user: UInt64($0 + 1)) }
        let reranker = Reranker()

        print("rank benchmark: \(candidateCount) candidates -> \(RerankConfig().maxItems)-item feed, "
            + "\(FeatureSchema.current.count) features, single task")
        print("gbdt model: \(gbdtModelPath) (\(ensemble.treeCount) trees, depth \(ensemble.maxDepth), x\(ActionType.heads.count) heads)")
        let lrRun = measure(model: lr, workloads: workloads, reranker: reranker, seconds: seconds)
        let gbdtRun = measure(model: gbdt, workloads: workloads, reranker: reranker, seconds: seconds)

        let result = Result(
            feedsPerSecondLR: lrRun.feedsPerSecond, feedsPerSecondGBDT: gbdtRun.feedsPerSecond,
            candidates: candidateCount, feedItems: lrRun.items, features: FeatureSchema.current.count,
            gbdtTrees: ensemble.treeCount, gbdtMaxDepth: ensemble.maxDepth, gbdtHeads: ActionType.heads.count,
            microsecondsFeatures: (lrRun.features + gbdtRun.features) / 2, microsecondsScoreLR: lrRun.score,
            microsecondsScoreGBDT: gbdtRun.score, microsecondsRerank: (lrRun.rerank + gbdtRun.rerank) / 2,
            secondsPerPhase: seconds,
            cpuShare: (lrRun.cpuSeconds + gbdtRun.cpuSeconds) / max(1e-9, lrRun.wallSeconds + gbdtRun.wallSeconds),
            feedsPerCPUSecondLR: Double(lrRun.feeds) / max(1e-9, lrRun.cpuSeconds),
            feedsPerCPUSecondGBDT: Double(gbdtRun.feeds) / max(1e-9, gbdtRun.cpuSeconds))
        print("")
        print("model   feeds/s   feeds/cpu-s   features µs   score µs   rerank µs   feeds   cpu share")
        for (name, run) in [("lr", lrRun), ("gbdt", gbdtRun)] {
            print(name.padding(toLength: 6, withPad: " ", startingAt: 0)
                + pad(format(run.feedsPerSecond, 0), 9)
                + pad(format(Double(run.feeds) / max(1e-9, run.cpuSeconds), 0), 14)
                + pad(format(run.features, 1), 14) + pad(format(run.score, 1), 11) + pad(format(run.rerank, 1), 12)
                + pad(String(run.feeds), 8) + pad(format(run.cpuSeconds / max(1e-9, run.wallSeconds), 2), 12))
        }
        print("targets: lr >= 2000 feeds/s, gbdt >= 500 feeds/s (checksum \(lrRun.checksum ^ gbdtRun.checksum))")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var json = String(decoding: try encoder.encode(result), as: UTF8.self)
        json.removeFirst()
        print("{\"bench\":\"rank\"," + json)
        return result
    }

    /// Feeds per second that `model` ranks on one task (features, scores, rerank of
    /// ``candidateCount`` candidates), over about `seconds`: the reference `bench generate`
    /// measures in its own run.
    public static func feedsPerCoreSecond(model: ValueModel, seconds: Double) -> Double {
        let workloads = (0..<users).map { makeWorkload(user: UInt64($0 + 1)) }
        return measure(model: model, workloads: workloads, reranker: Reranker(), seconds: seconds).feedsPerSecond
    }

    /// One user's prepared candidates: everything a worker has after its Redis reads.
    struct Workload {
        var user: UserID
        var candidates: [Candidate]
        var inputs: [FeatureInputs]
    }

    struct Measurement {
        var feeds = 0
        var items = 0
        var feedsPerSecond = 0.0
        var features = 0.0
        var score = 0.0
        var rerank = 0.0
        var checksum: UInt64 = 0
        var wallSeconds = 0.0
        var cpuSeconds = 0.0
    }

    static func measure(model: ValueModel, workloads: [Workload], reranker: Reranker, seconds: Double) -> Measurement {
        let clock = ContinuousClock()
        var matrix = FeatureMatrix(columnCount: FeatureSchema.current.count)
        matrix.reserveRows(candidateCount)
        var scores: [Float] = []
        var workspace = ScoringWorkspace()
        var result = Measurement()
        var featureTime = Duration.zero
        var scoreTime = Duration.zero
        var rerankTime = Duration.zero
        let start = clock.now
        let cpuStart = threadCPUSeconds()
        let deadline = start.advanced(by: .milliseconds(Int64(max(0.05, seconds) * 1_000)))
        var generation: UInt64 = 1
        while clock.now < deadline {
            let workload = workloads[result.feeds % workloads.count]
            let t0 = clock.now
            matrix.removeAll()
            for inputs in workload.inputs { matrix.appendRow(inputs) }
            let t1 = clock.now
            model.scores(matrix, into: &scores, workspace: &workspace)
            let t2 = clock.now
            let feed = reranker.rerank(
                workload.candidates, scores: scores, user: workload.user, generation: GenerationID(generation))
            let t3 = clock.now
            featureTime += t1 - t0
            scoreTime += t2 - t1
            rerankTime += t3 - t2
            result.items = feed.count
            result.checksum &+= feed.first.map { $0.post.rawValue } ?? 0
            result.feeds += 1
            generation += 1
        }
        let elapsed = toSeconds(clock.now - start)
        result.wallSeconds = elapsed
        result.cpuSeconds = threadCPUSeconds() - cpuStart
        let feeds = Double(max(1, result.feeds))
        result.feedsPerSecond = Double(result.feeds) / elapsed
        result.features = toSeconds(featureTime) / feeds * 1e6
        result.score = toSeconds(scoreTime) / feeds * 1e6
        result.rerank = toSeconds(rerankTime) / feeds * 1e6
        return result
    }

    /// 500 candidates of one user: followed authors' new posts, popular and trending ones, realistic
    /// stats with some missing values, affinities for a share of the authors.
    static func makeWorkload(user: UInt64) -> Workload {
        var random = SplitMix64(seed: 0xBE0C_4000 &+ user)
        let now = 1_760_000_000.0
        let authorCount = 150
        let userTopics = TopicVector((0..<16).map { _ in Float(random.nextUnit()) })
        var authorStats: [AuthorStats] = []
        var affinities: [UserAuthorAffinity?] = []
        for _ in 0..<authorCount {
            let followers = (random.nextUnit() * 12).rounded(.down)
            authorStats.append(
                AuthorStats(
                    followers: exp(followers), postsLast7Days: Double(1 + random.nextInt(below: 40)),
                    engagement: engagement(&random, scale: 50)))
            if random.nextUnit() < 0.4 {
                var affinity = UserAuthorAffinity(follows: random.nextUnit() < 0.7)
                for action in ActionType.heads where random.nextUnit() < 0.5 {
                    affinity[action] = DecayedValue(
                        value: random.nextUnit() * 10, updatedAt: now - random.nextUnit() * 30 * 86_400)
                }
                affinities.append(affinity)
            } else {
                affinities.append(random.nextUnit() < 0.9 ? UserAuthorAffinity.empty : nil)
            }
        }
        var candidates: [Candidate] = []
        var inputs: [FeatureInputs] = []
        let sources: [CandidateSource] = [.followedNew, .followedNew, .followedNew, .popular, .trending, .exploration]
        for index in 0..<candidateCount {
            let author = random.nextInt(below: authorCount)
            let post = Post(
                id: PostID(rawValue: user << 32 | UInt64(index)), author: AuthorID(rawValue: UInt64(author + 1)),
                createdAt: now - random.nextUnit() * random.nextUnit() * 7 * 86_400,
                mediaType: MediaType(index: random.nextInt(below: MediaType.allCases.count)) ?? .text,
                topics: TopicVector((0..<16).map { _ in Float(random.nextUnit()) }))
            let source = sources[random.nextInt(below: sources.count)]
            candidates.append(Candidate(post: post, source: source))
            inputs.append(
                FeatureInputs(
                    post: post, now: now, postEngagement: random.nextUnit() < 0.95 ? engagement(&random, scale: 5) : nil,
                    author: authorStats[author], affinity: affinities[author], userTopics: userTopics,
                    context: RequestContext(platform: .ios, utcOffsetSeconds: 3_600)))
        }
        return Workload(user: UserID(rawValue: user), candidates: candidates, inputs: inputs)
    }

    static func engagement(_ random: inout SplitMix64, scale: Double) -> WindowedEngagement {
        var windows = WindowedEngagement()
        var impressions = 0.0
        for window in EngagementWindow.allCases {
            impressions += (random.nextUnit() * scale * window.seconds / 3_600).rounded(.down)
            let rate = random.nextUnit() * 0.1
            windows[window] = EngagementCounts(
                impressions: impressions, clicks: (impressions * rate).rounded(.down),
                likes: (impressions * rate / 2).rounded(.down), comments: (impressions * rate / 10).rounded(.down),
                shares: (impressions * rate / 20).rounded(.down), hides: (impressions * rate / 50).rounded(.down),
                reports: (impressions * rate / 500).rounded(.down))
        }
        return windows
    }

    /// A logistic model on the current schema with small seeded weights, loaded through the real JSON path.
    static func syntheticLogisticModel() throws -> Data {
        var random = SplitMix64(seed: 77)
        let count = FeatureSchema.current.count
        var heads: [ActionType: LogisticModelFile.Head] = [:]
        for action in ActionType.heads {
            heads[action] = LogisticModelFile.Head(
                bias: -3 + random.nextUnit(), weights: (0..<count).map { _ in random.nextUnit() - 0.5 },
                imputationMeans: (0..<count).map { _ in random.nextUnit() }, missingWeights: (0..<count).map { _ in 0.1 },
                negativeSamplingRate: 0.5)
        }
        return try LogisticModelFile(modelVersion: "bench-lr", heads: heads).encoded()
    }

    /// CPU time used by the calling thread, in seconds.
    private static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    private static func toSeconds(_ duration: Duration) -> Double {
        let (whole, attoseconds) = duration.components
        return Double(whole) + Double(attoseconds) * 1e-18
    }

    private static func format(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}

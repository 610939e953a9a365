import FeedCore
import FeedJoin
import FeedLearning
import FeedServer
import FeedStore
import FeedWorker
import FeedWorld
import Foundation
import Logging
import PrefeedRedis
import PrefeedTestSupport
import ServiceLifecycle

/// `prefeed simulate loop`: the learning loop, closed on a generated world.
///
/// Starts a private redis-server, generates and loads a world whose users act from hidden
/// preferences (``FeedWorld/GroundTruth``), serves the real HTTP read path on 127.0.0.1, then per
/// round: generates every feed with the worker (treatment users: the current published model,
/// the baseline in round 0; control users: always the baseline), lets each simulated user read
/// pages over HTTP and post what they do to `POST /v1/actions`, reads the impressions and actions
/// streams, joins them with the feature logs (``RoundJoin``), evaluates the ranking model on the
/// round's rows, trains LR heads on every round so far (``LogisticTrainer``) and publishes the
/// model (``ModelStore``) for the next round.
///
/// Time is simulated (``LoopSchedule``): a round spans `roundHours` after the world's history, in
/// `slots` reading slots; before each slot the posts the world's creators write meanwhile are
/// released through `POST /v1/posts` (``PostRelease``), then the feeds of the slot's readers are
/// generated and read. The read path, the worker and the reactions all read the loop's clock, so
/// posts age and engagement windows decay as they would over days of use.
public struct LearningLoop: Sendable {
    let configuration: LoopConfiguration
    let logger: Logger
    let say: @Sendable (String) -> Void

    /// A loop with `configuration`; progress lines go to `say`.
    public init(configuration: LoopConfiguration, logger: Logger, say: @escaping @Sendable (String) -> Void) {
        self.configuration = configuration
        self.logger = logger
        self.say = say
    }

    /// Runs every round, writes the output files and returns the summary.
    public func run() async throws -> LoopSummary {
        try Self.check(configuration)
        let output = URL(fileURLWithPath: configuration.outputDirectory)
        try FileManager.default.createDirectory(at: output.appendingPathComponent("models"), withIntermediateDirectories: true)

        var worldConfig = WorldConfig(
            seed: configuration.seed, users: configuration.users, posts: configuration.posts, days: configuration.days)
        worldConfig.endTime = Date().timeIntervalSince1970.rounded(.down)
        let worldDirectory = output.appendingPathComponent("world")
        let generated = try FeedWorld.generateWorld(config: worldConfig, into: worldDirectory)
        let world = try WorldGenerator(config: worldConfig).makeWorld()
        say("world: \(generated.counts.users) users, \(generated.counts.follows) follows, \(generated.counts.posts) posts, "
            + "\(generated.counts.actions) historical actions (\(String(format: "%.1f", generated.elapsedSeconds)) s, \(worldDirectory.path))")

        let schedule = LoopSchedule(
            start: worldConfig.endTime, roundHours: configuration.roundHours, slots: configuration.slotsPerRound,
            seed: configuration.seed)
        let clock = SimulatedClock(start: worldConfig.endTime, simulated: schedule.isSimulated)

        let redis = try await RedisServerProcess.start(maximumConnections: 8)
        defer { redis.stop() }
        let client = RedisClient(configuration: redis.configuration, logger: quiet)
        defer { client.shutdown() }
        let keys = FeedKeys()
        let loaded = try await FeedLoader(client: client, keys: keys, logger: quiet).load(directory: worldDirectory)
        say("loaded into a private redis-server on 127.0.0.1:\(redis.port): \(loaded.loadedRows) rows, \(loaded.rejectedRows) rejected")

        let secret = JWTSecret(keyID: "loop", secret: (0..<32).map { _ in UInt8.random(in: 0...255) })
        var serverConfiguration = ServerConfiguration(redis: redis.configuration, jwtKeys: [secret])
        serverConfiguration.port = try freeLoopbackPort()
        serverConfiguration.maxPageSize = max(100, configuration.pageSize)
        serverConfiguration.clock = clock.unix
        let featureLog = try FeatureLogSegmentWriter(directory: output.appendingPathComponent("feature-log"), logger: quiet)
        serverConfiguration.featureLog = featureLog
        // Simulated users post a day of actions in seconds of real time: no per-user rate limit.
        serverConfiguration.actionRateLimit = 0
        let app = await buildApplication(configuration: serverConfiguration, logger: quiet, redis: client)
        let group = ServiceGroup(configuration: .init(services: [app], logger: quiet))
        let server = Task { try await group.run() }
        do {
            let summary = try await rounds(
                world: world, schedule: schedule, clock: clock, client: client, keys: keys, secret: secret,
                http: LoopbackHTTPClient(baseURL: "http://127.0.0.1:\(serverConfiguration.port)"), output: output,
                featureLog: featureLog)
            await group.triggerGracefulShutdown()
            try await server.value
            return summary
        } catch {
            await group.triggerGracefulShutdown()
            _ = try? await server.value
            throw error
        }
    }

    // The helpers marked @inline(never) stay out of the async driver: with them inlined, the Swift
    // 6.3.1 optimizer crashed in release (signal 11 in CoroSplit, emitSetAndGetSwiftErrorValueAround,
    // while splitting `rounds`). Moving the JWT signing loop out was what cured it.

    /// The round join's parameters: a one-hour window (the simulated users act at once).
    @inline(never)
    private static func joinConfiguration(negativeSamplingRate: Double) throws -> JoinConfiguration {
        try JoinConfiguration(windowMillis: 3_600_000, negativeSamplingRate: negativeSamplingRate)
    }

    /// The LR heads fitted on `rows` as a model file.
    @inline(never)
    private func fit(version: String, rows: [TrainingRow]) throws -> Data {
        let trainer = LogisticTrainer(configuration: TrainerConfiguration(
            modelVersion: version, l2: configuration.l2, weighting: .calibrated, split: TimeSplit(evaluationHours: 0)))
        return try trainer.train(rows).model.encoded()
    }

    @inline(never)
    private static func load(_ json: [UInt8]) throws -> ValueModel {
        try ValueModel.logistic(json: Data(json))
    }

    @inline(never)
    private static func check(_ configuration: LoopConfiguration) throws {
        try configuration.validate()
    }

    private var quiet: Logger {
        var logger = logger
        logger.logLevel = .warning
        return logger
    }

    // MARK: Rounds

    private func rounds(
        world: World, schedule: LoopSchedule, clock: SimulatedClock, client: RedisClient, keys: FeedKeys,
        secret: JWTSecret, http: LoopbackHTTPClient, output: URL, featureLog: FeatureLogSegmentWriter
    ) async throws -> LoopSummary {
        try await waitUntilReady(http)
        let users = (1...configuration.users).map { UserID(UInt64($0)) }
        // Valid for the whole simulated span (the read path checks them against the loop's clock).
        let lifetime = 7 * 86_400 + Double(configuration.rounds + 1) * schedule.roundSeconds
        let tokens = try await Self.tokens(for: users, secret: secret, lifetime: lifetime)
        let arms = Dictionary(uniqueKeysWithValues: users.map {
            ($0, LoopArm.of($0, controlShare: configuration.controlShare, seed: configuration.seed))
        })
        var context = LoopContext(
            world: world, schedule: schedule, clock: clock, client: client, keys: keys, store: ModelStore(client: client, keys: keys, logger: quiet),
            http: http, users: users, arms: arms, tokens: tokens,
            join: try Self.joinConfiguration(negativeSamplingRate: configuration.negativeSamplingRate),
            output: output, featureLog: featureLog, featureLogReader: FeatureLogSegmentReader(directory: featureLog.directory))
        var state = LoopState()
        state.releasedUntil = schedule.start
        var summary = LoopSummary(rounds: [])
        var first: (HeldOutEvaluation, [TrainingRow])?
        var last: (HeldOutEvaluation, [TrainingRow])?
        say(LoopReport.header)
        for round in 0...configuration.rounds {
            let (entry, ranked) = try await play(round: round, context: &context, state: &state)
            if round == 0, let heldOut = entry.heldOut { first = (heldOut, ranked) }
            if let heldOut = entry.heldOut { last = (heldOut, ranked) }
            summary.rounds.append(entry)
            say(LoopReport.line(entry))
        }
        say(LoopReport.diagnosticsHeader)
        for entry in summary.rounds { say(LoopReport.diagnosticsLine(entry)) }
        try write(summary, first: first, last: last, to: output)
        return summary
    }

    /// A JWT per user valid for `lifetime` seconds, signed with `secret`.
    @inline(never)
    private static func tokens(for users: [UserID], secret: JWTSecret, lifetime: Double) async throws -> [UserID: String] {
        let signer = await TokenSigner(secret: secret)
        let now = Date().timeIntervalSince1970
        var tokens: [UserID: String] = [:]
        for user in users { tokens[user] = try await signer.token(for: user, lifetime: lifetime, now: now) }
        return tokens
    }

    /// One round: generate, serve, join, evaluate, train and publish. Returns the round and the
    /// rows of the model that ranked it.
    @inline(never)
    private func play(round: Int, context: inout LoopContext, state: inout LoopState) async throws -> (LoopRound, [TrainingRow]) {
        var clock = PhaseClock()
        var diagnostics = RoundDiagnostics()
        diagnostics.startTime = context.schedule.isSimulated ? context.schedule.time(round: round, slot: 0) : context.clock.now
        diagnostics.elapsedHours = (diagnostics.startTime - context.schedule.start) / 3_600
        var generated = 0
        var tallies = (treatment: RoundTally(), control: RoundTally())
        let depth = configuration.pagesPerRound * configuration.pageSize
        // The followed inventory the generator can reach: its timelines' age bound (selection is by count within it).
        let window = context.keys.configuration.timelineMaxAge
        for slot in 0..<context.schedule.slots {
            // 0. Simulated time moves to the slot; the posts written meanwhile are released.
            let readers = context.users.filter { context.schedule.slot(of: $0, round: round) == slot }
            if context.schedule.isSimulated {
                let time = context.schedule.time(round: round, slot: slot)
                context.clock.set(time)
                if configuration.releasePosts {
                    diagnostics.releasedPosts += try await release(until: time, context: &context, state: &state)
                }
            }
            clock.lap("release")
            guard !readers.isEmpty else { continue }
            let now = context.clock.now
            for user in readers {
                diagnostics.addInventory(
                    world: context.world, user: user, time: now, window: window, served: state.served[user] ?? [],
                    depth: depth)
            }
            clock.lap("diagnostics")

            // 1. Feeds: treatment through the job queue and worker, control with the baseline.
            generated += try await generateFeeds(users: readers, context: context, clock: &clock)

            // 2. Simulated users read pages over HTTP and post their actions.
            let slotTallies = try await serve(users: readers, round: round, context: context, state: &state)
            tallies.treatment.merge(slotTallies.treatment)
            tallies.control.merge(slotTallies.control)
            clock.lap("serve")

            // 3. The product's impression counter folds the slot's impressions into the engagement
            //    buckets, as `prefeed count-impressions` does in production.
            if configuration.countImpressions { try await countImpressions(context: context) }
        }

        // 4. Join the round's streams with the feature logs.
        let joined = try await join(context: context, state: &state)
        clock.lap("join")

        // 4. The ranking model on the rows it ranked (trained before they were served).
        let ranked = joined.rows.filter { $0.modelVersion == state.version }
        diagnostics.measureFeatures(joined.rows)
        let evaluation = HeldOutEvaluation(model: state.model, rows: ranked, bins: configuration.calibrationBins)
        state.rowsByRound.append(joined.rows)
        let trainingRows = state.rows(window: configuration.trainingWindow)

        // 5. Train on every round so far and publish for the next round.
        let ranking = state.version
        var published: String?
        if round < configuration.rounds {
            published = try await trainAndPublish(
                version: "loop-r\(round + 1)", rows: trainingRows, context: context, state: &state)
            clock.lap("train")
        }
        logger.info("loop round done", metadata: [
            "loop.round": "\(round)", "join.orphans": "\(joined.counters.orphans)",
            "join.missing_features": "\(joined.counters.missingFeatures)",
        ])
        let entry = LoopRound(
            round: round, modelVersion: ranking, treatment: tallies.treatment, control: tallies.control,
            feedsGenerated: generated, join: joined.counters, rows: joined.rows.count, trainingRows: trainingRows.count,
            heldOut: evaluation, published: published, diagnostics: diagnostics, seconds: clock.seconds)
        return (entry, ranked)
    }

    /// Reads the streams after the state's positions and joins them with the feature logs.
    private func join(context: LoopContext, state: inout LoopState) async throws -> (rows: [TrainingRow], counters: JoinCounters) {
        let streams = StreamRecords(client: context.client, keys: context.keys)
        let impressions = try await streams.impressions(after: state.impressionPositions)
        let actions = try await streams.actions(after: state.actionPositions)
        state.impressionPositions = impressions.positions
        state.actionPositions = actions.positions
        context.featureLog.sync()
        let sources = FeatureLogSources(segments: context.featureLogReader, legacy: nil)
        let logs = try await sources.read(impressions.records.map {
            FeatureLogReader.Request(user: $0.user, generation: $0.generation, positions: $0.items.map(\.position))
        })
        return RoundJoin.join(
            impressions: impressions.records, actions: actions.records, features: FeatureLogTable(logs),
            configuration: context.join)
    }

    /// Fits LR heads on every row so far, writes the file, checks it and publishes it as current.
    private func trainAndPublish(
        version: String, rows: [TrainingRow], context: LoopContext, state: inout LoopState
    ) async throws -> String {
        let file = try fit(version: version, rows: rows)
        try AtomicFile.write(file, to: context.output.appendingPathComponent("models/\(version).json"))
        let checked = try ModelFileCheck.check(file)
        try await context.store.publish(version: checked.version, json: checked.json, at: Date().timeIntervalSince1970)
        state.model = try Self.load(checked.json)
        state.version = checked.version
        return checked.version
    }

    /// Releases the posts the world's creators write from the last release until `time`: each is
    /// posted by its author through `POST /v1/posts` (the ingest path of the product) and added to
    /// the world, so the ground truth knows it. Returns how many were released.
    private func release(until time: Double, context: inout LoopContext, state: inout LoopState) async throws -> Int {
        guard time > state.releasedUntil else { return 0 }
        let posts = PostRelease.posts(in: context.world, from: state.releasedUntil, to: time)
        state.releasedUntil = time
        guard !posts.isEmpty else { return 0 }
        let encoder = JSONEncoder()
        let http = context.http
        let tokens = context.tokens
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0
            func start() {
                guard next < posts.count else { return }
                let post = posts[next]
                next += 1
                group.addTask {
                    let body = NewPostBody(
                        id: UInt64(post.id), author: UInt64(post.author), createdAt: post.createdAt,
                        mediaType: post.media.rawValue, topics: post.topics)
                    let token = tokens[UserID(UInt64(post.author))] ?? ""
                    let response = try await http.post("/v1/posts", json: try encoder.encode(body), token: token)
                    guard response.status == 201 else {
                        throw LoopError("POST /v1/posts for post \(post.id) -> \(response.status) \(String(decoding: response.body, as: UTF8.self))")
                    }
                }
            }
            for _ in 0..<configuration.concurrency { start() }
            while try await group.next() != nil { start() }
        }
        context.world = context.world.appending(posts: posts)
        return posts.count
    }

    private func waitUntilReady(_ http: LoopbackHTTPClient) async throws {
        for _ in 0..<200 {
            if let health = try? await http.get("/readyz", token: ""), health.status == 200 { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw LoopError("the read path did not become ready on \(http.baseURL) within 10 s")
    }

    /// Generates every user's feed (treatment by the worker with the current model, control by the
    /// same generator with the baseline); returns how many were written.
    private func generateFeeds(users: [UserID], context: LoopContext, clock: inout PhaseClock) async throws -> Int {
        let treatment = users.filter { context.arms[$0] == .treatment }
        let control = users.filter { context.arms[$0] == .control }
        let generator = FeedGenerator(client: context.client, keys: context.keys, featureLog: context.featureLog, logger: quiet)
        let queue = JobQueue(client: context.client, configuration: JobQueueConfiguration(), logger: quiet)
        try await queue.createGroups()
        for start in stride(from: 0, to: treatment.count, by: 500) {
            _ = try await queue.enqueue(Array(treatment[start..<min(start + 500, treatment.count)]), priority: .scheduled, reason: "loop")
        }
        var workerConfiguration = WorkerConfiguration()
        workerConfiguration.concurrency = configuration.workerConcurrency
        workerConfiguration.batchSize = 32
        workerConfiguration.exitWhenDrained = true
        workerConfiguration.idleBlock = .milliseconds(20)
        workerConfiguration.clock = context.clock.unix
        let worker = Worker(
            queue: queue, regenerator: FeedStoreRegenerator(generator: generator),
            models: ModelWatcher(logger: quiet, load: StoreModelSource.loader(context.store)),
            configuration: workerConfiguration, logger: quiet)
        try await worker.run()
        clock.lap("generate_worker")
        var written = worker.totals.done
        let baseline = BaselineModel.valueModel()
        for start in stride(from: 0, to: control.count, by: 32) {
            let batch = Array(control[start..<min(start + 32, control.count)])
            let results = await generator.generate(
                users: batch, model: baseline, modelVersion: BaselineModel.version, now: context.clock.now)
            written += results.filter { (try? $0.get()) != nil }.count
        }
        clock.lap("generate_control")
        return written
    }

    /// Every user of `users` reads `pagesPerRound` pages and posts what they do; tallies per arm.
    /// The items served to each user are added to `state.served`.
    /// Drains the impressions streams with the product's ``ImpressionCounter``.
    @inline(never)
    private func countImpressions(context: LoopContext) async throws {
        var configuration = ImpressionCounterConfiguration()
        configuration.once = true
        try await ImpressionCounter(client: context.client, keys: context.keys, configuration: configuration, logger: quiet).run()
    }

    private func serve(
        users: [UserID], round: Int, context: LoopContext, state: inout LoopState
    ) async throws -> (treatment: RoundTally, control: RoundTally) {
        var treatment = RoundTally()
        var control = RoundTally()
        try await withThrowingTaskGroup(of: (UserID, LoopArm, RoundTally, [PostID]).self) { group in
            var next = 0
            func start() {
                guard next < users.count else { return }
                let user = users[next]
                next += 1
                let token = context.tokens[user] ?? ""
                let arm = context.arms[user] ?? .treatment
                group.addTask {
                    let (tally, served) = try await self.read(user: user, round: round, token: token, context: context)
                    return (user, arm, tally, served)
                }
            }
            for _ in 0..<configuration.concurrency { start() }
            while let (user, arm, tally, served) = try await group.next() {
                if arm == .control { control.merge(tally) } else { treatment.merge(tally) }
                state.served[user, default: []].formUnion(served)
                start()
            }
        }
        return (treatment, control)
    }

    /// One simulated user's session: pages by last-seen item, reactions from the hidden truth.
    private func read(user: UserID, round: Int, token: String, context: LoopContext) async throws -> (RoundTally, [PostID]) {
        let http = context.http
        let world = context.world
        var tally = RoundTally()
        var served: [PostID] = []
        let reader = Int64(user.rawValue)
        let preference = world.truth(of: reader)?.preference ?? []
        var random = SimulatedReaction.generator(seed: configuration.seed, round: round, user: user)
        var after: PostID?
        let decoder = JSONDecoder()
        let encoder = JSONEncoder()
        for _ in 0..<configuration.pagesPerRound {
            let path = "/v1/feed?limit=\(configuration.pageSize)" + (after.map { "&after=\($0.rawValue)" } ?? "")
            let response = try await http.get(path, token: token)
            guard response.status == 200 else {
                throw LoopError("GET \(path) for user \(user) -> \(response.status) \(String(decoding: response.body, as: UTF8.self))")
            }
            let page = try decoder.decode(FeedPageResponse.self, from: response.body)
            guard !page.items.isEmpty else { break }
            tally.pages += 1
            let now = context.clock.now
            var upload = ActionBatch(actions: [])
            for item in page.items {
                served.append(item.id)
                if let row = world.posts.row(id: Int64(item.id.rawValue)) {
                    tally.recordServed(
                        ageHours: max(0, now - row.createdAt) / 3_600,
                        followsAuthor: world.follows.follows(reader, row.author, at: now),
                        topicMatch: GroundTruth.topicMatch(preference, row.topics),
                        released: row.id > Int64(world.config.posts))
                }
                guard let reaction = SimulatedReaction.react(world: world, user: user, post: item.id, at: now, random: &random)
                else { continue }
                tally.record(
                    probabilities: reaction.probabilities, actions: reaction.actions, modelVersion: page.modelVersion,
                    weights: .default)
                for action in reaction.actions {
                    upload.actions.append(.init(
                        clientEventID: "l\(round)-\(user.rawValue)-\(item.id.rawValue)-\(action.rawValue)",
                        requestID: page.requestID, itemID: item.id, action: action.rawValue, clientTime: now))
                }
            }
            if !upload.actions.isEmpty {
                let posted = try await http.post("/v1/actions", json: try encoder.encode(upload), token: token)
                guard posted.status == 200 else {
                    throw LoopError("POST /v1/actions for user \(user) -> \(posted.status) \(String(decoding: posted.body, as: UTF8.self))")
                }
            }
            guard let last = page.next?.after else { break }
            after = last
        }
        return (tally, served)
    }

    @inline(never)
    private func write(
        _ summary: LoopSummary, first: (HeldOutEvaluation, [TrainingRow])?, last: (HeldOutEvaluation, [TrainingRow])?,
        to output: URL
    ) throws {
        try AtomicFile.write(Data(LoopReport.roundsCSV(summary).utf8), to: output.appendingPathComponent("rounds.csv"))
        try AtomicFile.write(try LoopReport.roundsJSON(summary), to: output.appendingPathComponent("rounds.json"))
        try AtomicFile.write(Data(LoopReport.calibrationCSV(summary).utf8), to: output.appendingPathComponent("calibration.csv"))
        if let (evaluation, rows) = first {
            try AtomicFile.write(
                Data(LoopReport.predictionsCSV(evaluation, rows: rows).utf8),
                to: output.appendingPathComponent("predictions-baseline.csv"))
        }
        if let (evaluation, rows) = last {
            try AtomicFile.write(
                Data(LoopReport.predictionsCSV(evaluation, rows: rows).utf8),
                to: output.appendingPathComponent("predictions-final.csv"))
        }
    }
}

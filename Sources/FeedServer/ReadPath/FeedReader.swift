import FeedCore
import FeedStore
import FeedWorker
import Logging
import PrefeedRedis

/// The read path: one page of a user's feed.
///
/// A cached page is one `EVALSHA` of ``FeedPageScript`` (page + impression + seen marks). On a
/// miss (no current generation) the feed is generated inline, single-flight per user, within
/// ``ServerConfiguration/inlineGenerationTimeout``, at most ``ServerConfiguration/maxInlineGenerations``
/// at once; when that is refused, fails, times out or finds nothing,
/// the page comes from ``ReadPathFallback`` and an interactive regeneration job is queued.
/// A first page (no `after`, no cursor) also records a session start (``SessionStart``) in the
/// same pipeline: still one round trip.
struct FeedReader: Sendable {
    /// How an inline generation ended.
    enum InlineResult: Sendable {
        /// It ran; `written` when the user now has a feed with items.
        case ran(written: Bool)
        /// Not started: ``ServerConfiguration/maxInlineGenerations`` were running.
        case refused
    }

    /// A page and how it was obtained.
    struct Result: Sendable {
        var page: FeedPage
        var source: PageSource
    }

    let client: RedisClient
    let pageScript: FeedPageScript
    let fallback: ReadPathFallback
    let generator: FeedGenerator
    let models: ModelCache
    let jobs: JobQueue
    let session: SessionStart
    let inflight: SingleFlight<UserID, InlineResult>
    let inlineLimit: InlineGenerationLimit
    let deleted: DeletedPosts
    let metrics: ServerMetrics
    let configuration: ServerConfiguration

    /// Reads the page after `after` (in `generation` when a cursor named it).
    func page(
        user: UserID, after: PostID?, generation: GenerationID?, limit: Int, request: FeedCore.RequestID, logger: Logger
    ) async throws -> Result {
        let now = configuration.clock.now
        var page: FeedPage
        if after == nil && generation == nil {
            page = try await firstPage(user: user, limit: limit, request: request, now: now, logger: logger)
        } else {
            page = try await pageScript.read(
                client: client, user: user, after: after, limit: limit, request: request, now: now, generation: generation)
        }
        var source = PageSource.cache
        if !page.found {
            (page, source) = try await miss(user: user, after: after, limit: limit, request: request, logger: logger)
        } else if page.items.isEmpty && after == nil {
            await enqueue(user, reason: "exhausted", logger: logger)
        }
        switch source {
        case .cache: metrics.pagesCache.increment()
        case .inline: metrics.pagesInline.increment()
        case .fallback: metrics.pagesFallback.increment()
        }
        if page.restarted { metrics.pagesRestarted.increment() }
        if page.impressionID != nil { metrics.impressionsWritten.increment() }
        logger.debug("page served", metadata: [
            "feed.user_id": "\(user.rawValue)", "feed.source": "\(source.rawValue)", "feed.items": "\(page.items.count)",
            "feed.generation": "\(page.generation?.rawValue ?? 0)", "feed.restarted": "\(page.restarted)",
        ])
        return Result(page: page, source: source)
    }

    /// The first page of a visit and its session start, in one pipeline. A failed session write
    /// is logged; the page is still served.
    private func firstPage(user: UserID, limit: Int, request: FeedCore.RequestID, now: Double, logger: Logger) async throws -> FeedPage {
        let results = await client.pipeline(
            [pageScript.command(user: user, after: nil, limit: limit, request: request, now: now)]
                + session.commands(user, at: now))
        for case .failure(let error) in results.dropFirst() {
            logger.warning("could not record the session start", metadata: [
                "feed.user_id": "\(user.rawValue)", "error": "\(String(describing: error))",
            ])
        }
        return try FeedPageScript.parse(results[0].get())
    }

    /// Generates inline (shared by concurrent requests of the user) or falls back.
    private func miss(
        user: UserID, after: PostID?, limit: Int, request: FeedCore.RequestID, logger: Logger
    ) async throws -> (FeedPage, PageSource) {
        if configuration.inlineGeneration, configuration.maxInlineGenerations > 0, await generateInline(user, logger: logger) {
            let page = try await pageScript.read(
                client: client, user: user, after: after, limit: limit, request: request, now: configuration.clock.now)
            if page.found && !page.items.isEmpty { return (page, .inline) }
        }
        await enqueue(user, reason: "miss", logger: logger)
        let page = try await fallback.page(client: client, user: user, limit: limit, request: request, now: configuration.clock.now)
        return (page, .fallback)
    }

    /// Whether a generation with items was written for `user` within the time budget. At most
    /// ``ServerConfiguration/maxInlineGenerations`` run at once (``InlineGenerationLimit``); a
    /// generation keeps its slot until it ends, even after its waiter gave up.
    private func generateInline(_ user: UserID, logger: Logger) async -> Bool {
        let work: @Sendable () async throws -> InlineResult = {
            [generator, models, inflight, inlineLimit, metrics, clock = configuration.clock] in
            try await inflight.run(user) {
                guard inlineLimit.tryAcquire() else { return .refused }
                defer { inlineLimit.release() }
                metrics.inlineStarted.increment()
                metrics.inlinePeak.set(Int64(inlineLimit.peak))
                let (version, model) = try await models.current()
                let results = await generator.generate(users: [user], model: model, modelVersion: version, now: clock.now)
                guard let outcome = try results.first?.get() else { return .ran(written: false) }
                switch outcome.status {
                case .written: return .ran(written: !outcome.items.isEmpty)
                case .superseded: return .ran(written: true)
                }
            }
        }
        let task = Task { try await work() }
        switch await BoundedWait.value(of: task, within: configuration.inlineGenerationTimeout) {
        case .ran(let written):
            return written
        case .refused:
            metrics.inlineRefused.increment()
            logger.debug("inline generation refused: at the cap", metadata: ["feed.user_id": "\(user.rawValue)"])
            return false
        case nil:
            logger.info("inline generation failed or timed out", metadata: ["feed.user_id": "\(user.rawValue)"])
            return false
        }
    }

    /// Queues an interactive regeneration; failures are logged, never surfaced (the page is served).
    private func enqueue(_ user: UserID, reason: String, logger: Logger) async {
        do {
            _ = try await jobs.enqueue(user, priority: .interactive, reason: reason)
            metrics.jobsEnqueued.increment()
        } catch {
            logger.warning("could not enqueue regeneration", metadata: [
                "feed.user_id": "\(user.rawValue)", "error": "\(String(describing: error))",
            ])
        }
    }
}

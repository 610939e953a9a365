import FeedCore
import FeedStore
import Hummingbird
import Logging
import PrefeedRedis

/// `POST /v1/actions`: a batch of the caller's actions, validated, recorded in the actions stream
/// idempotently (by client event id) under a per-user rate limit, then applied to source data
/// (engagement counters, affinities; `hide` and `report` also hide the author, at once on the
/// next page). Only actions on posts served to the user, and the first of each (post, action),
/// count; a batch whose effects failed half-way is finished by its retry (``ReadPathActionScript``,
/// ``ActionEffects``).
struct ActionsController: Sendable {
    let authenticator: Authenticator
    let client: RedisClient
    let script: ReadPathActionScript
    let effects: ActionEffects
    let writer: SourceDataWriter
    let metrics: ServerMetrics
    let configuration: ServerConfiguration

    /// Client clocks may be this far ahead of ours (seconds).
    static let maxClockSkew: Double = 86_400
    /// Oldest action accepted (seconds before now).
    static let maxActionAge: Double = 7 * 86_400
    /// Longest dwell recorded (milliseconds).
    static let maxDwellMilliseconds = 3_600_000

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("/v1/actions", use: record)
    }

    @Sendable func record(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<ActionBatchResponse> {
        let principal = try await authenticator.principal(of: request)
        let batch = try await JSONBody.decode(ActionBatch.self, from: request, context: context)
        let now = configuration.clock.now
        let events = try validate(batch, now: now)
        let outcomes: [ReadPathActionScript.Outcome]
        switch try await script.append(client: client, user: principal.user, events: events, now: now) {
        case .recorded(let recorded):
            outcomes = recorded
        case .rateLimited(let milliseconds):
            metrics.actionsRateLimited.increment()
            throw APIError.tooManyRequests(
                "At most \(script.rateLimit) actions per \(script.rateWindow) s.", retryAfter: max(1, (milliseconds + 999) / 1000))
        }
        let new = outcomes.filter(\.isNew).count
        metrics.actionsWritten.increment(by: Int64(new))
        metrics.actionsDuplicate.increment(by: Int64(events.count - new))
        metrics.actionsUnserved.increment(by: Int64(outcomes.filter { $0 == .uncounted(.unserved) }.count))
        metrics.actionsRepeated.increment(by: Int64(outcomes.filter { $0 == .uncounted(.repeated) }.count))
        try await apply(zip(events, outcomes), user: principal.user, logger: context.logger)
        let busy = outcomes.compactMap { outcome -> Int? in
            if case .busy(let milliseconds) = outcome { return milliseconds }
            return nil
        }
        if let wait = busy.max() {
            // The rest of the batch is recorded and applied; these events are being applied by
            // another request: the client retries the batch later (the others are then duplicates).
            throw APIError(
                .conflict, kind: "in-progress",
                detail: "\(busy.count) of the actions are being applied by another request; retry the batch later.",
                retryAfter: max(1, (wait + 999) / 1000))
        }
        return EditedResponse(
            status: .ok,
            response: ActionBatchResponse(
                accepted: new, duplicates: events.count - new, requestID: String(context.requestID.rawValue)))
    }

    /// Checks every action; the whole batch is rejected (422) if one is invalid.
    func validate(_ batch: ActionBatch, now: Double) throws(APIError) -> [ReadPathActionScript.Event] {
        guard !batch.actions.isEmpty else { throw .unprocessable("`actions` must not be empty.") }
        guard batch.actions.count <= configuration.maxActionsPerBatch else {
            throw .unprocessable("At most \(configuration.maxActionsPerBatch) actions per batch.")
        }
        var events: [ReadPathActionScript.Event] = []
        var ids = Set<String>()
        for (index, action) in batch.actions.enumerated() {
            let at = "actions[\(index)]"
            guard Self.isValidEventID(action.clientEventID) else {
                throw .unprocessable("\(at).client_event_id must be 1–64 characters of [A-Za-z0-9._:-].")
            }
            guard ids.insert(action.clientEventID).inserted else {
                throw .unprocessable("\(at).client_event_id repeats an earlier action of the batch.")
            }
            guard let type = ActionType(rawValue: action.action) else {
                throw .unprocessable("\(at).action must be one of \(ActionType.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            guard let requestID = UInt64(action.requestID).map(FeedCore.RequestID.init) else {
                throw .unprocessable("\(at).request_id must be the request_id of a page.")
            }
            guard action.itemID.rawValue > 0 else { throw .unprocessable("\(at).item_id must be positive.") }
            guard action.clientTime.isFinite, action.clientTime >= now - Self.maxActionAge,
                action.clientTime <= now + Self.maxClockSkew
            else { throw .unprocessable("\(at).client_time must be unix seconds within the last 7 days.") }
            let dwell = action.dwellMs ?? 0
            guard (0...Self.maxDwellMilliseconds).contains(dwell) else {
                throw .unprocessable("\(at).dwell_ms must be between 0 and \(Self.maxDwellMilliseconds).")
            }
            if type == .dwell && action.dwellMs == nil { throw .unprocessable("\(at).dwell_ms is required for dwell.") }
            events.append(.init(
                clientEventID: action.clientEventID, request: requestID, post: action.itemID, action: type,
                clientTime: action.clientTime, dwellMilliseconds: dwell))
        }
        return events
    }

    /// Applies the effects of counted new events and finishes those of retried pending ones, then
    /// settles their markers; throws the first failure (the client's retry applies what is left).
    private func apply(
        _ recorded: Zip2Sequence<[ReadPathActionScript.Event], [ReadPathActionScript.Outcome]>, user: UserID, logger: Logger
    ) async throws {
        var due: [(event: ReadPathActionScript.Event, done: ActionEffects.Steps)] = []
        for (event, outcome) in recorded {
            switch outcome {
            case .apply: due.append((event, []))
            case .retry(let done): due.append((event, done))
            case .recorded, .uncounted, .duplicate, .busy: break
            }
        }
        guard !due.isEmpty else { return }
        let posts: [PostID: (author: AuthorID, topics: TopicVector)]
        do {
            posts = try await writer.authorsAndTopics(of: Array(Set(due.map(\.event.post))))
        } catch {
            // Release the reservations so the client's retry can apply the effects at once.
            try? await script.settle(
                due.map { .init(clientEventID: $0.event.clientEventID, done: $0.done, isComplete: false) },
                client: client, user: user)
            throw error
        }
        let now = configuration.clock.now
        var settlements: [ReadPathActionScript.Settlement] = []
        var actions: [ActionEffects.Action] = []
        var applied: [String] = []
        for (event, done) in due {
            guard let post = posts[event.post] else {
                logger.debug("action on unknown post", metadata: ["feed.post_id": "\(event.post.rawValue)"])
                settlements.append(.init(clientEventID: event.clientEventID, done: done, isComplete: true))
                continue
            }
            actions.append(ActionEffects.Action(
                user: user, post: event.post, author: post.author, action: event.action, time: min(event.clientTime, now),
                topics: post.topics, done: done))
            applied.append(event.clientEventID)
        }
        let results = await effects.apply(actions, client: client)
        for (id, result) in zip(applied, results) {
            settlements.append(.init(clientEventID: id, done: result.done, isComplete: result.isComplete))
        }
        try await script.settle(settlements, client: client, user: user)
        if let error = results.lazy.compactMap(\.error).first { throw error }
    }

    static func isValidEventID(_ id: String) -> Bool {
        guard (1...64).contains(id.utf8.count) else { return false }
        return id.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2E || byte == 0x5F || byte == 0x3A || byte == 0x2D
        }
    }
}

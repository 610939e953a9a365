import FeedCore
import FeedStore
import Hummingbird
import Logging
import PrefeedRedis

/// `POST /v1/actions`: a batch of the caller's actions, validated, appended to the actions stream
/// idempotently (by client event id), then applied to source data (engagement counters,
/// affinities). `hide` and `report` also hide the author and take effect on the next page at once.
struct ActionsController: Sendable {
    let authenticator: Authenticator
    let client: RedisClient
    let script: ReadPathActionScript
    let hideScript: ReadPathHideScript
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
        let batch = try await request.decode(as: ActionBatch.self, context: context)
        let now = configuration.clock.now
        let events = try validate(batch, now: now)
        let fresh = try await script.append(client: client, user: principal.user, events: events, now: now)
        let accepted = zip(events, fresh).filter(\.1).map(\.0)
        metrics.actionsWritten.increment(by: Int64(accepted.count))
        metrics.actionsDuplicate.increment(by: Int64(events.count - accepted.count))
        try await apply(accepted, user: principal.user, logger: context.logger)
        return EditedResponse(
            status: .ok,
            response: ActionBatchResponse(
                accepted: accepted.count, duplicates: events.count - accepted.count,
                requestID: String(context.requestID.rawValue)))
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

    /// Updates source data for newly accepted actions; hide/report hide the author at once.
    private func apply(_ events: [ReadPathActionScript.Event], user: UserID, logger: Logger) async throws {
        var posts: [PostID: (author: AuthorID, topics: TopicVector)] = [:]
        for event in events where event.action.isHead {
            if posts[event.post] == nil, let post = try await writer.authorAndTopics(of: event.post) {
                posts[event.post] = post
            }
            guard let post = posts[event.post] else {
                logger.debug("action on unknown post", metadata: ["feed.post_id": "\(event.post.rawValue)"])
                continue
            }
            let author = post.author
            let time = min(event.clientTime, configuration.clock.now)
            try await writer.recordAction(
                user: user, post: event.post, author: author, action: event.action, at: time, topics: post.topics)
            if event.action.isNegative {
                try await writer.hideAuthor(user, author: author, at: time)
                let removed = try await hideScript.hide(client: client, user: user, author: author)
                logger.debug("author hidden", metadata: ["feed.author_id": "\(author.rawValue)", "feed.removed": "\(removed)"])
            }
        }
    }

    static func isValidEventID(_ id: String) -> Bool {
        guard (1...64).contains(id.utf8.count) else { return false }
        return id.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2E || byte == 0x5F || byte == 0x3A || byte == 0x2D
        }
    }
}

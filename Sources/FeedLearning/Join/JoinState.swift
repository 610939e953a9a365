import FeedCore
import Foundation

/// Everything the join remembers between inputs: its parameters, watermark, counters, the
/// impressions whose window is open, recently closed impressions, actions waiting for the
/// watermark, and recently seen client event ids.
///
/// `Codable`, and encoded in a canonical order (sorted by request id and event id), so a
/// checkpoint has the same bytes whatever the history of the dictionaries. Restoring a checkpoint
/// and feeding the rest of the input gives exactly the rows an uninterrupted run gives: a
/// Redis-backed join is exactly-once when it writes this state, the stream positions and the rows
/// it emitted in one atomic step (`TrainingRowWriter.commit`).
public struct JoinState: Sendable, Equatable, Codable {
    /// An impression whose attribution window is open, with the labels collected so far.
    struct OpenImpression: Sendable, Hashable, Codable {
        var impression: ImpressionRecord
        /// `labels[i]` belongs to `impression.items[i]`.
        var labels: [ActionLabels]
    }

    /// What is kept of an emitted impression until `forgetAt`: enough to call an action late.
    struct ClosedImpression: Sendable, Hashable, Codable {
        var requestID: RequestID
        var user: UserID
        var servedAt: Int64
        var posts: [PostID]
        var forgetAt: Int64
    }

    /// A client event id and when it may be forgotten.
    struct SeenEvent: Sendable, Hashable, Codable {
        var id: String
        var forgetAt: Int64
    }

    /// The parameters this join runs with.
    public let configuration: JoinConfiguration
    /// The highest watermark seen (Unix ms); `Int64.min` before the first.
    public internal(set) var watermark: Int64 = .min
    /// Counts since the join started.
    public internal(set) var counters = JoinCounters()

    var open: [RequestID: OpenImpression] = [:]
    var closed: [RequestID: ClosedImpression] = [:]
    /// Actions not yet resolved (their time is not below the watermark), in arrival order.
    var pending: [ActionRecord] = []
    /// Client event id → time after which it is forgotten.
    var seenEvents: [String: Int64] = [:]
    /// Open and closed impressions by user (derived; rebuilt on decoding).
    var impressionsByUser: [UserID: Set<RequestID>] = [:]
    /// Open impressions by window end (derived).
    var closeQueue = DeadlineQueue<RequestID>()
    /// Closed impressions by `forgetAt` (derived).
    var forgetQueue = DeadlineQueue<RequestID>()
    /// Client event ids by `forgetAt` (derived).
    var eventQueue = DeadlineQueue<String>()

    /// An empty join with `configuration`.
    public init(configuration: JoinConfiguration) {
        self.configuration = configuration
    }

    /// Impressions whose window is still open.
    public var openImpressionCount: Int { open.count }
    /// Actions waiting for the watermark to pass their time.
    public var pendingActionCount: Int { pending.count }
    /// Closed impressions still remembered for late-action accounting.
    public var closedImpressionCount: Int { closed.count }

    enum CodingKeys: String, CodingKey {
        case configuration, watermark, counters, open, closed, pending
        case seenEvents = "seen_events"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        configuration = try container.decode(JoinConfiguration.self, forKey: .configuration)
        watermark = try container.decode(Int64.self, forKey: .watermark)
        counters = try container.decode(JoinCounters.self, forKey: .counters)
        for entry in try container.decode([OpenImpression].self, forKey: .open) {
            let id = entry.impression.requestID
            open[id] = entry
            impressionsByUser[entry.impression.user, default: []].insert(id)
            closeQueue.push(entry.impression.servedAt + configuration.windowMillis, id)
        }
        for entry in try container.decode([ClosedImpression].self, forKey: .closed) {
            closed[entry.requestID] = entry
            impressionsByUser[entry.user, default: []].insert(entry.requestID)
            forgetQueue.push(entry.forgetAt, entry.requestID)
        }
        pending = try container.decode([ActionRecord].self, forKey: .pending)
        for event in try container.decode([SeenEvent].self, forKey: .seenEvents) {
            seenEvents[event.id] = event.forgetAt
            eventQueue.push(event.forgetAt, event.id)
        }
    }

    /// The checkpoint bytes: JSON with sorted keys, so equal states always give equal bytes.
    public func checkpointData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }

    /// Restores a state from `checkpointData()` bytes.
    public static func restore(checkpoint data: Data) throws -> JoinState {
        try JSONDecoder().decode(JoinState.self, from: data)
    }

    /// Equal when the encoded contents are (the derived indexes are ignored).
    public static func == (lhs: JoinState, rhs: JoinState) -> Bool {
        lhs.configuration == rhs.configuration && lhs.watermark == rhs.watermark && lhs.counters == rhs.counters
            && lhs.open == rhs.open && lhs.closed == rhs.closed && lhs.pending == rhs.pending
            && lhs.seenEvents == rhs.seenEvents
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(configuration, forKey: .configuration)
        try container.encode(watermark, forKey: .watermark)
        try container.encode(counters, forKey: .counters)
        try container.encode(open.keys.sorted().map { open[$0]! }, forKey: .open)
        try container.encode(closed.keys.sorted().map { closed[$0]! }, forKey: .closed)
        try container.encode(pending, forKey: .pending)
        try container.encode(
            seenEvents.keys.sorted().map { SeenEvent(id: $0, forgetAt: seenEvents[$0]!) }, forKey: .seenEvents)
    }
}

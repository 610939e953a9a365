import FeedCore
import FeedLearning

/// Turns entries of the read path's streams into the join's records.
///
/// - Impressions (written by `FeedPageScript`): `req`, `user`, `gen`, `items` (comma-separated post
///   ids), `pos` (their positions in the generation), `t` (served at, Unix seconds), `model`.
/// - Actions (written by `ReadPathActionScript`): `user`, `event` (client event id), `req` (page
///   request id; `0` or empty = unknown), `item`, `action`, `ct` (client time, Unix seconds),
///   `dwell` (ms), `t` (received at, Unix seconds). The action's time is the client time, but never
///   after the time Redis received it (a client clock ahead would hold the action back forever).
///
/// A malformed entry decodes to `nil`; the join counts it and moves on.
public enum StreamRecordDecoder {
    /// The impression of an impressions-stream entry.
    public static func impression(_ entry: StreamEntry) -> ImpressionRecord? {
        let fields = entry.fields
        guard let request = fields["req"].flatMap(UInt64.init), let user = fields["user"].flatMap(UInt64.init),
            let generation = fields["gen"].flatMap(UInt64.init), let served = fields["t"].flatMap(Double.init),
            served > 0, served < 1e11, let itemsText = fields["items"], let positionsText = fields["pos"]
        else { return nil }
        let posts = itemsText.split(separator: ",").map { UInt64($0) }
        let positions = positionsText.split(separator: ",").map { Double($0).flatMap { $0 >= 0 ? Int(exactly: $0) : nil } }
        guard !posts.isEmpty, posts.count == positions.count else { return nil }
        var items: [ImpressedItem] = []
        items.reserveCapacity(posts.count)
        for (post, position) in zip(posts, positions) {
            guard let post, let position else { return nil }
            items.append(ImpressedItem(post: PostID(post), position: position))
        }
        return ImpressionRecord(
            requestID: RequestID(request), user: UserID(user), generation: GenerationID(generation),
            modelVersion: fields["model"] ?? "", servedAt: milliseconds(served), items: items)
    }

    /// The action of an actions-stream entry.
    public static func action(_ entry: StreamEntry) -> ActionRecord? {
        let fields = entry.fields
        guard let user = fields["user"].flatMap(UInt64.init), let event = fields["event"], !event.isEmpty,
            let post = fields["item"].flatMap(UInt64.init), let action = fields["action"].flatMap(ActionType.init),
            let received = fields["t"].flatMap(Double.init), received > 0, received < 1e11
        else { return nil }
        var time = milliseconds(received)
        if let client = fields["ct"].flatMap(Double.init), client > 0, client < 1e11 {
            time = min(time, milliseconds(client))
        }
        let request = fields["req"].flatMap(UInt64.init).flatMap { $0 == 0 ? nil : RequestID($0) }
        let dwell = fields["dwell"].flatMap(Double.init).map { $0 > 0 && $0 < 1e12 ? Int64($0.rounded()) : 0 } ?? 0
        return ActionRecord(
            user: UserID(user), post: PostID(post), action: action, clientEventID: event, requestID: request,
            time: time, dwellMillis: dwell)
    }

    private static func milliseconds(_ seconds: Double) -> Int64 {
        Int64((seconds * 1000).rounded())
    }
}

import Hummingbird
import FeedCore

/// The body of `POST /v1/actions`.
struct ActionBatch: Decodable, Sendable {
    /// One action as the client reports it.
    struct Action: Decodable, Sendable {
        /// Client-generated id, unique per user; a repeat within the dedupe window is ignored.
        var clientEventID: String
        /// The `request_id` of the page that showed the item.
        var requestID: String
        var itemID: PostID
        /// `click`, `like`, `comment`, `share`, `hide`, `report` or `dwell`.
        var action: String
        /// Client clock, unix seconds.
        var clientTime: Double
        /// Time spent on the item, milliseconds (`dwell` only).
        var dwellMs: Int?

        enum CodingKeys: String, CodingKey {
            case action
            case clientEventID = "client_event_id"
            case requestID = "request_id"
            case itemID = "item_id"
            case clientTime = "client_time"
            case dwellMs = "dwell_ms"
        }
    }

    var actions: [Action]
}

/// The body of the `POST /v1/actions` response.
struct ActionBatchResponse: ResponseCodable, Sendable {
    /// Actions appended now.
    var accepted: Int
    /// Actions whose client event id was already recorded (ignored).
    var duplicates: Int
    var requestID: String

    enum CodingKeys: String, CodingKey {
        case accepted, duplicates
        case requestID = "request_id"
    }
}

import Hummingbird
import FeedCore

/// The body of `POST /v1/actions`: decoded by the server, encoded by clients that post actions
/// (the learning loop's simulated users).
public struct ActionBatch: Codable, Sendable {
    /// One action as the client reports it.
    public struct Action: Codable, Sendable {
        /// Client-generated id, unique per user; a repeat within the dedupe window is ignored.
        public var clientEventID: String
        /// The `request_id` of the page that showed the item.
        public var requestID: String
        public var itemID: PostID
        /// `click`, `like`, `comment`, `share`, `hide`, `report` or `dwell`.
        public var action: String
        /// Client clock, unix seconds.
        public var clientTime: Double
        /// Time spent on the item, milliseconds (`dwell` only).
        public var dwellMs: Int?

        public init(
            clientEventID: String, requestID: String, itemID: PostID, action: String, clientTime: Double,
            dwellMs: Int? = nil
        ) {
            self.clientEventID = clientEventID
            self.requestID = requestID
            self.itemID = itemID
            self.action = action
            self.clientTime = clientTime
            self.dwellMs = dwellMs
        }

        enum CodingKeys: String, CodingKey {
            case action
            case clientEventID = "client_event_id"
            case requestID = "request_id"
            case itemID = "item_id"
            case clientTime = "client_time"
            case dwellMs = "dwell_ms"
        }
    }

    public var actions: [Action]

    public init(actions: [Action]) {
        self.actions = actions
    }
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

import FeedCore

/// The body of `POST /v1/actions` as a client sends it (docs/API.md).
struct ActionUpload: Encodable, Sendable {
    struct Action: Encodable, Sendable {
        var clientEventID: String
        var requestID: String
        var itemID: UInt64
        var action: String
        var clientTime: Double

        enum CodingKeys: String, CodingKey {
            case action
            case clientEventID = "client_event_id"
            case requestID = "request_id"
            case itemID = "item_id"
            case clientTime = "client_time"
        }
    }

    var actions: [Action]
}

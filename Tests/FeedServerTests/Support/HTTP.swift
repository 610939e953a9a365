import FeedServer
import Foundation
import Hummingbird
import HummingbirdTesting

/// Decoding helpers for test responses.
extension TestResponse {
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(body.readableBytesView))
    }

    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
    }
}

extension TestClientProtocol {
    /// `GET /v1/feed` with the given query.
    func feed(_ query: String, headers: HTTPFields) async throws -> TestResponse {
        try await execute(uri: "/v1/feed" + (query.isEmpty ? "" : "?" + query), method: .get, headers: headers)
    }

    /// `POST /v1/actions` with a JSON body.
    func actions(_ body: String, headers: HTTPFields) async throws -> TestResponse {
        var headers = headers
        headers[.contentType] = "application/json"
        return try await execute(uri: "/v1/actions", method: .post, headers: headers, body: ByteBuffer(string: body))
    }
}

/// A JSON action for `POST /v1/actions`.
func actionJSON(event: String, request: String, item: UInt64, action: String, dwell: Int? = nil) -> String {
    let time = Date().timeIntervalSince1970
    let dwellField = dwell.map { #", "dwell_ms": \#($0)"# } ?? ""
    return #"{"client_event_id": "\#(event)", "request_id": "\#(request)", "item_id": \#(item), "action": "\#(action)", "client_time": \#(time)\#(dwellField)}"#
}

import FeedCore
import Foundation
import Hummingbird

/// The one error type of the HTTP API. Handlers throw it (or any error, which
/// ``ProblemMiddleware`` maps to it) and it is rendered as RFC 9457 `application/problem+json`
/// with the request id. Details never carry stack traces, Redis messages or secrets.
public struct APIError: HTTPResponseError, Sendable {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// A short stable slug, the last path segment of the problem `type` URI.
    public var kind: String
    /// A human-readable explanation for this occurrence.
    public var detail: String
    /// Seconds for `Retry-After` (429 and 503 only).
    public var retryAfter: Int?

    public init(_ status: HTTPResponse.Status, kind: String, detail: String, retryAfter: Int? = nil) {
        self.status = status
        self.kind = kind
        self.detail = detail
        self.retryAfter = retryAfter
    }

    /// 400: a malformed parameter or body.
    public static func badRequest(_ detail: String) -> APIError { APIError(.badRequest, kind: "bad-request", detail: detail) }
    /// 401: no or invalid credentials.
    public static func unauthorized(_ detail: String) -> APIError {
        APIError(.unauthorized, kind: "unauthorized", detail: detail)
    }
    /// 403: authenticated, but not allowed.
    public static func forbidden(_ detail: String) -> APIError { APIError(.forbidden, kind: "forbidden", detail: detail) }
    /// 404: no such resource.
    public static func notFound(_ detail: String) -> APIError { APIError(.notFound, kind: "not-found", detail: detail) }
    /// 409: the request conflicts with the stored state (e.g. a post id owned by another author).
    public static func conflict(_ detail: String) -> APIError { APIError(.conflict, kind: "conflict", detail: detail) }
    /// 413: the body exceeds the limit.
    public static func tooLarge(_ detail: String) -> APIError {
        APIError(.contentTooLarge, kind: "content-too-large", detail: detail)
    }
    /// 422: well-formed but semantically invalid.
    public static func unprocessable(_ detail: String) -> APIError {
        APIError(.unprocessableContent, kind: "unprocessable", detail: detail)
    }
    /// 503: Redis is unreachable; the client should retry after `seconds`.
    public static func unavailable(retryAfter seconds: Int) -> APIError {
        APIError(.serviceUnavailable, kind: "unavailable", detail: "The feed store is temporarily unavailable.",
                 retryAfter: seconds)
    }
    /// 429: the caller sent too much; retry after `seconds`.
    public static func tooManyRequests(_ detail: String, retryAfter seconds: Int) -> APIError {
        APIError(.tooManyRequests, kind: "too-many-requests", detail: detail, retryAfter: seconds)
    }
    /// 500: a bug; details are logged, not returned.
    public static let `internal` = APIError(.internalServerError, kind: "internal", detail: "An internal error occurred.")

    /// The problem document's body.
    struct Problem: Encodable {
        var type: String
        var title: String
        var status: Int
        var detail: String
        var requestID: String
        enum CodingKeys: String, CodingKey {
            case type, title, status, detail
            case requestID = "request_id"
        }
    }

    /// The problem+json response for the request `requestID`.
    func response(requestID: FeedCore.RequestID?) -> Response {
        let problem = Problem(
            type: "https://prefeed.dev/problems/\(kind)", title: status.reasonPhrase, status: status.code,
            detail: detail, requestID: requestID.map { String($0.rawValue) } ?? "")
        let body = (try? JSONEncoder().encode(problem)) ?? Data()
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    public func response(from request: Request, context: some Hummingbird.RequestContext) throws -> Response {
        response(requestID: (context as? AppRequestContext)?.requestID)
    }
}

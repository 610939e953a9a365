import FeedCore
import Hummingbird
import NIOCore
import PrefeedRedis

/// The one place any thrown error becomes an ``APIError``.
enum ErrorMapping {
    /// Maps `error`; `retryAfter` is used for Redis outages (``RedisError/isUnavailable``).
    static func apiError(for error: any Error, retryAfter: Int) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as RedisError:
            // 503 + Retry-After only when Redis is unreachable or temporarily unable; an error
            // reply to the command (WRONGTYPE, a script error) or a malformed reply is a bug or
            // bad data, which retrying does not fix.
            return error.isUnavailable ? .unavailable(retryAfter: retryAfter) : .internal
        case is CursorError:
            return .badRequest("The cursor is malformed, expired or not signed by this service.")
        case let error as HTTPError:
            switch error.status {
            case .contentTooLarge: return .tooLarge("The request body exceeds the limit.")
            case .notFound: return .notFound("No such route.")
            case .methodNotAllowed: return APIError(.methodNotAllowed, kind: "method-not-allowed", detail: "Method not allowed.")
            case .badRequest: return .badRequest("The request body is not valid JSON of the expected shape.")
            case .unsupportedMediaType:
                return APIError(.unsupportedMediaType, kind: "unsupported-media-type", detail: "Send application/json.")
            default:
                if error.status.code < 500 {
                    return APIError(error.status, kind: "client-error", detail: error.status.reasonPhrase)
                }
                return .internal
            }
        case is NIOTooManyBytesError:
            return .tooLarge("The request body exceeds the limit.")
        case is DecodingError:
            return .badRequest("The request body is not valid JSON of the expected shape.")
        default:
            return .internal
        }
    }

    /// Whether `error` is worth a log line at error level (a bug or an outage, not a client mistake).
    static func isServerSide(_ error: APIError) -> Bool { error.status.code >= 500 }
}

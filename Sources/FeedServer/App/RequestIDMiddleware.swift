import FeedCore
import HTTPTypes
import Hummingbird

/// Outermost middleware: gives every request an id (``AppRequestContext/requestID``), tags the
/// request's log lines with it (`request.id`, through ``RequestLogMetadata``) and returns it in `X-Request-Id` on every response.
struct RequestIDMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let header = HTTPField.Name("X-Request-Id")!
    let maxUploadSize: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.maxUploadSize = maxUploadSize
        var response = try await RequestLogMetadata.$requestID.withValue(context.requestID) {
            try await next(request, context)
        }
        response.headers[Self.header] = String(context.requestID.rawValue)
        return response
    }
}

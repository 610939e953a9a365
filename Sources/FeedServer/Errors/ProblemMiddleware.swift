import Hummingbird
import Logging
import PrefeedRedis

/// Turns every error thrown below it into a problem+json response (via ``ErrorMapping``), logs
/// server-side failures, and counts Redis errors. Handlers only throw.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let metrics: ServerMetrics
    let retryAfter: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            var apiError = ErrorMapping.apiError(for: error, retryAfter: retryAfter)
            var allow: String?
            if apiError.status == .notFound, let methods = RouteMethods.allowed(for: request.uri.path) {
                apiError = APIError(.methodNotAllowed, kind: "method-not-allowed", detail: "Allowed: \(methods).")
                allow = methods
            }
            if error is RedisError { metrics.redisErrors.increment() }
            if apiError.status == .serviceUnavailable {
                context.logger.warning("feed store unavailable", metadata: ["error": "\(String(describing: error))"])
            } else if ErrorMapping.isServerSide(apiError) {
                // Carries `request.id` (RequestLogMetadata), so the 500 a client reports can be found.
                context.logger.error("request failed", metadata: ["error": "\(String(describing: error))"])
            } else {
                context.logger.debug("request rejected", metadata: ["status": "\(apiError.status.code)", "detail": "\(apiError.detail)"])
            }
            var response = apiError.response(requestID: context.requestID)
            if let allow { response.headers[.allow] = allow }
            return response
        }
    }
}

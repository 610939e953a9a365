import Hummingbird

/// Records each request's latency in ``ServerMetrics`` under its route template (e.g.
/// `/v1/posts/{post}`), or `unmatched` for requests no route took — the label set stays bounded.
struct LatencyMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let route = context.endpointPath ?? "unmatched"
        metrics.recordRequest(route: route, method: request.method.rawValue, status: response.status.code,
                              duration: ContinuousClock.now - start)
        return response
    }
}

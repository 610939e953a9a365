import Hummingbird

/// `GET /openapi.json`: the hand-written OpenAPI 3.1 description of every route (``OpenAPIDocument``).
struct OpenAPIController: Sendable {
    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
        }
    }
}

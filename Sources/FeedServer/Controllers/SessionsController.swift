import FeedCore
import FeedStore
import Hummingbird

/// `POST /v1/sessions`: the app was opened; recorded as a login (the warm-up model's input).
struct SessionsController: Sendable {
    /// The response body.
    struct Recorded: ResponseCodable, Sendable {
        var recorded: Bool
        var requestID: String
        enum CodingKeys: String, CodingKey {
            case recorded
            case requestID = "request_id"
        }
    }

    let authenticator: Authenticator
    let writer: SourceDataWriter

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("/v1/sessions", use: open)
    }

    @Sendable func open(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<Recorded> {
        let principal = try await authenticator.principal(of: request)
        try await writer.recordLogin(principal.user, at: UnixTime.now)
        return EditedResponse(status: .accepted, response: Recorded(recorded: true, requestID: String(context.requestID.rawValue)))
    }
}

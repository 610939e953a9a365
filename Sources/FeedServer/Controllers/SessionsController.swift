import FeedCore
import FeedStore
import Hummingbird
import PrefeedRedis

/// `POST /v1/sessions`: the app was opened; recorded as a login (the warm-up model's input) and as
/// activity, in one round trip (see ``SessionStart``).
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
    let client: RedisClient
    let session: SessionStart
    var clock: UnixClock = .wall

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("/v1/sessions", use: open)
    }

    @Sendable func open(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<Recorded> {
        let principal = try await authenticator.principal(of: request)
        for result in await client.pipeline(session.commands(principal.user, at: clock.now)) { _ = try result.get() }
        return EditedResponse(status: .accepted, response: Recorded(recorded: true, requestID: String(context.requestID.rawValue)))
    }
}

import FeedCore
import FeedStore
import Hummingbird

/// `GET /v1/feed?after=<itemId>&limit=<n>&cursor=<opaque>&user=<id>`: one page of the caller's feed.
struct FeedController: Sendable {
    let authenticator: Authenticator
    let reader: FeedReader
    let cursors: CursorCodec
    let deleted: DeletedPosts
    let configuration: ServerConfiguration

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/v1/feed", use: page)
    }

    @Sendable func page(_ request: Request, context: AppRequestContext) async throws -> FeedPageResponse {
        let principal = try await authenticator.principal(of: request)
        let query = request.uri.queryParameters
        let user = try query["user"].map { raw throws(APIError) in
            guard let user = UserID(String(raw)) else { throw .badRequest("`user` must be a user id.") }
            return user
        } ?? principal.user
        guard user == principal.user else { throw APIError.forbidden("A user may only read their own feed.") }

        let limit = try Self.limit(query["limit"].map(String.init), configuration: configuration)
        var after = try query["after"].map { raw throws(APIError) in
            guard let post = PostID(String(raw)) else { throw .badRequest("`after` must be an item id.") }
            return post
        }
        var generation: GenerationID?
        if let token = query["cursor"], !token.isEmpty {
            // Bound to the user: another user's cursor fails its signature (400).
            let cursor = try cursors.decode(token, now: configuration.clock.now, boundTo: user.rawValue)
            if let after, after != cursor.lastItem {
                throw APIError.badRequest("`after` and `cursor` name different items.")
            }
            after = cursor.lastItem
            generation = cursor.generation
        }

        let result = try await reader.page(
            user: user, after: after, generation: generation, limit: limit, request: context.requestID,
            logger: context.logger)
        return response(result, user: user, request: context.requestID)
    }

    /// The response body: deleted posts dropped, `next` at the last item read (so the scroll
    /// continues after a dropped item too).
    private func response(_ result: FeedReader.Result, user: UserID, request: FeedCore.RequestID) -> FeedPageResponse {
        let page = result.page
        let generation = page.generation ?? GenerationID(0)
        var next: FeedPageResponse.Next?
        if let last = page.items.last {
            let cursor = FeedCursor(
                generation: generation, lastItem: last.post, position: UInt32(clamping: last.position),
                expiresAt: UInt64(configuration.clock.now + configuration.cursorLifetime))
            next = .init(after: last.post, cursor: cursors.encode(cursor, boundTo: user.rawValue))
        }
        let filterDeleted = !deleted.isEmpty
        let items = page.items.compactMap { item -> FeedPageResponse.Item? in
            if filterDeleted && deleted.contains(item.post) { return nil }
            return FeedPageResponse.Item(
                id: item.post, author: item.record?.author ?? AuthorID(0), position: item.position,
                score: item.record?.score ?? 0, reason: item.record?.reason.rawValue ?? "unknown")
        }
        return FeedPageResponse(
            items: items, next: next, generation: String(generation.rawValue), modelVersion: page.modelVersion,
            requestID: String(request.rawValue), source: result.source, restarted: page.restarted)
    }

    /// Parses `limit`: absent → default; not an integer → 400; outside 1…max → 422.
    static func limit(_ raw: String?, configuration: ServerConfiguration) throws(APIError) -> Int {
        guard let raw else { return configuration.defaultPageSize }
        guard let limit = Int(raw) else { throw .badRequest("`limit` must be an integer.") }
        guard (1...configuration.maxPageSize).contains(limit) else {
            throw .unprocessable("`limit` must be between 1 and \(configuration.maxPageSize).")
        }
        return limit
    }
}

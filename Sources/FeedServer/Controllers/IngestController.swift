import FeedCore
import FeedStore
import Hummingbird
import PrefeedRedis

/// Source data pushed by other services, written by the same ``SourceDataWriter`` code as
/// `prefeed load`; every call is idempotent.
///
/// - `POST /v1/posts` — a new post (the author themself or an `ingest` token); an id that is
///   already another author's is refused (409), a repeat of the author's own post is idempotent;
/// - `DELETE /v1/posts/{post}` — removes it; it disappears from pages served afterwards;
/// - `PUT` / `DELETE /v1/users/{user}/follows/{author}` — follow / unfollow.
struct IngestController: Sendable {
    /// The body of `POST /v1/posts`.
    struct NewPost: Decodable, Sendable {
        var id: PostID
        var author: AuthorID
        var createdAt: Double
        var mediaType: String
        var topics: [Float]?
        enum CodingKeys: String, CodingKey {
            case id, author, topics
            case createdAt = "created_at"
            case mediaType = "media_type"
        }
    }

    /// The body of ingest responses.
    struct Done: ResponseCodable, Sendable {
        var ok: Bool
        var requestID: String
        enum CodingKeys: String, CodingKey {
            case ok
            case requestID = "request_id"
        }
    }

    /// Most topic weights per post.
    static let maxTopics = 256

    let authenticator: Authenticator
    let client: RedisClient
    let writer: SourceDataWriter
    let deletions: ReadPathDeletions
    let deleted: DeletedPosts
    var clock: UnixClock = .wall

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("/v1/posts", use: createPost)
        router.delete("/v1/posts/{post}", use: deletePost)
        router.put("/v1/users/{user}/follows/{author}", use: follow)
        router.delete("/v1/users/{user}/follows/{author}", use: unfollow)
    }

    @Sendable func createPost(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<Done> {
        let principal = try await authenticator.principal(of: request)
        let body = try await JSONBody.decode(NewPost.self, from: request, context: context)
        try principal.requireAccess(to: body.author.user)
        let now = clock.now
        guard body.id.rawValue > 0, body.author.rawValue > 0 else { throw APIError.unprocessable("`id` and `author` must be positive.") }
        guard let media = MediaType(rawValue: body.mediaType) else {
            throw APIError.unprocessable("`media_type` must be one of \(MediaType.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        guard body.createdAt.isFinite, body.createdAt > now - 30 * 86_400, body.createdAt < now + 3_600 else {
            throw APIError.unprocessable("`created_at` must be unix seconds within the last 30 days.")
        }
        let topics = body.topics ?? []
        guard topics.count <= Self.maxTopics, topics.allSatisfy(\.isFinite) else {
            throw APIError.unprocessable("`topics` must be at most \(Self.maxTopics) finite numbers.")
        }
        let outcome = try await writer.createPost(
            Post(id: body.id, author: body.author, createdAt: body.createdAt, mediaType: media, topics: TopicVector(topics)),
            now: now)
        if case .conflict = outcome {
            throw APIError.conflict("Post \(body.id.rawValue) already exists with another author.")
        }
        return EditedResponse(status: .created, response: Done(ok: true, requestID: String(context.requestID.rawValue)))
    }

    @Sendable func deletePost(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try await authenticator.principal(of: request)
        let post = try Self.id(context.parameters.get("post"), PostID.self, name: "post")
        if let author = try await writer.author(of: post) {
            try principal.requireAccess(to: author.user)
            guard try await writer.deletePost(post, author: author) else {
                throw APIError.conflict("Post \(post.rawValue) changed while it was being deleted; try again.")
            }
        } else {
            try principal.requireIngest()  // unknown post: only a service learns nothing from a 204
        }
        let now = clock.now
        try await deletions.record(client: client, post: post, now: now)
        deleted.insert(post, at: now)
        return Response(status: .noContent)
    }

    @Sendable func follow(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (user, author) = try await followParameters(request, context: context)
        guard try await writer.follow(user, author: author, at: clock.now) else {
            throw APIError.unprocessable("The user follows the maximum number of authors.")
        }
        return Response(status: .noContent)
    }

    @Sendable func unfollow(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (user, author) = try await followParameters(request, context: context)
        try await writer.unfollow(user, author: author)
        return Response(status: .noContent)
    }

    private func followParameters(_ request: Request, context: AppRequestContext) async throws -> (UserID, AuthorID) {
        let principal = try await authenticator.principal(of: request)
        let user = try Self.id(context.parameters.get("user"), UserID.self, name: "user")
        let author = try Self.id(context.parameters.get("author"), AuthorID.self, name: "author")
        try principal.requireAccess(to: user)
        guard author.rawValue != user.rawValue else { throw APIError.unprocessable("A user cannot follow themself.") }
        return (user, author)
    }

    static func id<ID: FeedIdentifier>(_ raw: String?, _ type: ID.Type, name: String) throws(APIError) -> ID {
        guard let raw, let id = ID(raw), id.rawValue > 0 else { throw .badRequest("`\(name)` must be a positive id.") }
        return id
    }
}

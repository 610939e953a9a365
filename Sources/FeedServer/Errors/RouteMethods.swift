/// The methods each route accepts, so a request for a known path with another method gets 405
/// with `Allow` rather than 404 (Hummingbird's router answers 404 for both).
enum RouteMethods {
    private static let fixed: [String: String] = [
        "/v1/feed": "GET", "/v1/actions": "POST", "/v1/sessions": "POST", "/v1/posts": "POST",
        "/healthz": "GET", "/readyz": "GET", "/metrics": "GET", "/openapi.json": "GET",
    ]

    /// The `Allow` value of `path`, or `nil` when no route has that path.
    static func allowed(for path: String) -> String? {
        if let methods = fixed[path] { return methods }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        // /v1/posts/{post}
        if parts.count == 4, parts[1] == "v1", parts[2] == "posts", !parts[3].isEmpty { return "DELETE" }
        // /v1/users/{user}/follows/{author}
        if parts.count == 6, parts[1] == "v1", parts[2] == "users", parts[4] == "follows", !parts[3].isEmpty, !parts[5].isEmpty {
            return "PUT, DELETE"
        }
        return nil
    }
}

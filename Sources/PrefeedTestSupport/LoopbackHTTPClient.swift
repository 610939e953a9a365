import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A minimal HTTP client for a prefeed server on loopback (the demo, the loop simulation):
/// GET and POST with a bearer token, status and body back.
public struct LoopbackHTTPClient: Sendable {
    /// `http://127.0.0.1:<port>`.
    public let baseURL: String
    let session: URLSession

    /// A response: status code and body.
    public struct Response: Sendable {
        public var status: Int
        public var body: Data
    }

    /// A client of `baseURL` with up to `connections` connections.
    public init(baseURL: String, connections: Int = 16) {
        self.baseURL = baseURL
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = connections
        configuration.timeoutIntervalForRequest = 30
        session = URLSession(configuration: configuration)
    }

    /// `GET path` with `Authorization: Bearer token` (none when `token` is empty).
    public func get(_ path: String, token: String) async throws -> Response {
        try await send(method: "GET", path: path, body: nil, token: token)
    }

    /// `POST path` with a JSON body.
    public func post(_ path: String, json: Data, token: String) async throws -> Response {
        try await send(method: "POST", path: path, body: json, token: token)
    }

    private func send(method: String, path: String, body: Data?, token: String) async throws -> Response {
        guard let url = URL(string: baseURL + path) else { throw URLError(.badURL) }
        var request = URLRequest(url: url)
        request.httpMethod = method
        if !token.isEmpty { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        return try await withCheckedThrowingContinuation { continuation in
            session.dataTask(with: request) { data, response, error in
                if let error {
                    continuation.resume(throwing: error)
                    return
                }
                let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                continuation.resume(returning: Response(status: status, body: data ?? Data()))
            }.resume()
        }
    }
}

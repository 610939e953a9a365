import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A minimal loopback HTTP client for the simulated readers: GET and POST with a bearer token.
struct LoopHTTPClient: Sendable {
    let baseURL: String
    let session: URLSession

    struct Response: Sendable {
        var status: Int
        var body: Data
    }

    init(baseURL: String) {
        self.baseURL = baseURL
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 16
        configuration.timeoutIntervalForRequest = 30
        session = URLSession(configuration: configuration)
    }

    func get(_ path: String, token: String) async throws -> Response {
        try await send(method: "GET", path: path, body: nil, token: token)
    }

    func post(_ path: String, json: Data, token: String) async throws -> Response {
        try await send(method: "POST", path: path, body: json, token: token)
    }

    private func send(method: String, path: String, body: Data?, token: String) async throws -> Response {
        guard let url = URL(string: baseURL + path) else { throw URLError(.badURL) }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
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

import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A minimal loopback HTTP client for the demo: JSON in, status and JSON out.
struct DemoHTTPClient: Sendable {
    let baseURL: String
    let token: String

    struct Response: Sendable {
        var status: Int
        var body: Data
    }

    func get(_ path: String) async throws -> Response {
        try await send(method: "GET", path: path, body: nil)
    }

    func post(_ path: String, json: Data) async throws -> Response {
        try await send(method: "POST", path: path, body: json)
    }

    private func send(method: String, path: String, body: Data?) async throws -> Response {
        guard let url = URL(string: baseURL + path) else { throw URLError(.badURL) }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        return try await withCheckedThrowingContinuation { continuation in
            URLSession.shared.dataTask(with: request) { data, response, error in
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

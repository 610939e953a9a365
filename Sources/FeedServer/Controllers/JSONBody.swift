import Foundation
import Hummingbird

/// Decodes a JSON request body after checking its `Content-Type`: `application/json` (parameters
/// such as `charset` allowed) or an `application/…+json` type; anything else, or none, is 415
/// before the body is read.
enum JSONBody {
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, context: AppRequestContext) async throws -> T {
        guard isJSON(request.headers[.contentType]) else {
            throw APIError(.unsupportedMediaType, kind: "unsupported-media-type", detail: "Send the body as application/json.")
        }
        return try await request.decode(as: type, context: context)
    }

    /// Whether `contentType` names JSON.
    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        } ?? ""
        return mediaType == "application/json" || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json"))
    }
}

import FeedCore
import Hummingbird

/// The request context of every route: Hummingbird's core storage, the request id that tags the
/// logs, the response and the impression, and the body size limit.
public struct AppRequestContext: Hummingbird.RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// This request's id (also the `req` of its impression); set by ``RequestIDMiddleware``.
    public var requestID: FeedCore.RequestID
    /// Largest body accepted when decoding (413 beyond).
    public var maxUploadSize: Int

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.requestID = FeedCore.RequestID(rawValue: UInt64.random(in: 1...UInt64(Int64.max)))
        self.maxUploadSize = Self.defaultMaxUploadSize
    }

    /// Body limit used until the router sets the configured one.
    static let defaultMaxUploadSize = 256 * 1024
}

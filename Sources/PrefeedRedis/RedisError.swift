/// An error from the Redis client: a server error reply, or a failure of the connection or pool.
///
/// Errors are structs with an extensible `code` (see STYLE.md) so new cases can be added without
/// breaking callers. Messages never contain a password.
public struct RedisError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Base: String, Hashable, Sendable {
            case serverError
            case connectionFailed
            case connectionLost
            case timeout
            case protocolError
            case authenticationFailed
            case poolTimeout
            case clientShutdown
            case crossSlot
            case invalidArgument
            case unexpectedReply
        }

        let base: Base

        /// The server answered with an error reply (`-ERR …`, `-WRONGTYPE …`, `-NOSCRIPT …`, …).
        public static let serverError = Code(base: .serverError)
        /// A connection could not be established, or the client is backing off before the next attempt.
        public static let connectionFailed = Code(base: .connectionFailed)
        /// The connection broke while a command was in flight: the command may or may not have run.
        public static let connectionLost = Code(base: .connectionLost)
        /// No reply arrived within the command timeout; the connection is discarded.
        public static let timeout = Code(base: .timeout)
        /// The bytes from the server were not valid RESP.
        public static let protocolError = Code(base: .protocolError)
        /// `AUTH` was rejected.
        public static let authenticationFailed = Code(base: .authenticationFailed)
        /// No connection could be leased from the pool within the lease timeout.
        public static let poolTimeout = Code(base: .poolTimeout)
        /// The client was shut down.
        public static let clientShutdown = Code(base: .clientShutdown)
        /// A multi-key command names keys in different hash slots.
        public static let crossSlot = Code(base: .crossSlot)
        /// The caller passed an argument the client refuses before sending anything.
        public static let invalidArgument = Code(base: .invalidArgument)
        /// The reply had a shape the caller did not expect (e.g. an array where a number was due).
        public static let unexpectedReply = Code(base: .unexpectedReply)

        public var description: String { base.rawValue }
    }

    /// What kind of failure this is.
    public var code: Code
    /// A human-readable message (for server errors, the server's text after the prefix).
    public var message: String
    /// For server errors, the leading upper-case word of the reply: `ERR`, `WRONGTYPE`, `NOSCRIPT`,
    /// `MOVED`, `ASK`, `BUSY`, `LOADING`, `TRYAGAIN`, `CLUSTERDOWN`, `WRONGPASS`, `NOAUTH`, …
    public var serverPrefix: String?

    public init(code: Code, message: String, serverPrefix: String? = nil) {
        self.code = code
        self.message = message
        self.serverPrefix = serverPrefix
    }

    /// Builds a server error from the full error line (`"WRONGTYPE Operation against …"`).
    public init(serverReply line: String) {
        let prefix = line.prefix { $0 != " " }
        let isPrefix = !prefix.isEmpty && prefix.allSatisfy { $0.isUppercase || $0 == "_" || $0.isNumber }
        if isPrefix {
            let rest = line.dropFirst(prefix.count).drop { $0 == " " }
            self.init(code: .serverError, message: String(rest), serverPrefix: String(prefix))
        } else {
            self.init(code: .serverError, message: line, serverPrefix: nil)
        }
    }

    /// True for errors after which retrying on a fresh connection can succeed.
    public var isConnectionError: Bool {
        code == .connectionFailed || code == .connectionLost || code == .timeout || code == .protocolError
    }

    /// True when Redis could not be reached or cannot serve right now (retrying later can
    /// succeed): no connection, a lost connection, a timeout, an exhausted pool, a rejected
    /// `AUTH`, a client shut down, or a server reply saying it is temporarily unable (`LOADING`,
    /// `BUSY`, `TRYAGAIN`, `CLUSTERDOWN`, `MASTERDOWN`, `READONLY` during a failover, `OOM`,
    /// `NOREPLICAS`). False for what retrying cannot fix: error replies to the command itself
    /// (`ERR`, `WRONGTYPE`, script errors, …), replies of an unexpected shape, invalid RESP,
    /// cross-slot or invalid arguments.
    public var isUnavailable: Bool {
        switch code {
        case .connectionFailed, .connectionLost, .timeout, .poolTimeout, .authenticationFailed, .clientShutdown:
            return true
        case .serverError:
            return serverPrefix.map(Self.unavailablePrefixes.contains) ?? false
        default:
            return false
        }
    }

    /// Server error prefixes that mean "not now" rather than "not this command".
    static let unavailablePrefixes: Set<String> = [
        "LOADING", "BUSY", "TRYAGAIN", "CLUSTERDOWN", "MASTERDOWN", "READONLY", "OOM", "NOREPLICAS",
    ]

    public var description: String {
        if let serverPrefix { return "RedisError(\(code)): \(serverPrefix) \(message)" }
        return "RedisError(\(code)): \(message)"
    }
}

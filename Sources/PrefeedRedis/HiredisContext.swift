import CHiredis
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Owns one hiredis `redisContext` (a blocking socket plus hiredis' reply reader) and frees it in `deinit`.
///
/// This is the only type in the project that touches the C library. It is deliberately **not**
/// `Sendable`: each instance is created, used and freed on the single I/O thread of one
/// ``RedisConnection`` and never crosses to another thread, so hiredis' non-thread-safe context is
/// never shared. Every `redisReply` it receives is converted to a Swift ``RedisReply`` and freed
/// with `freeReplyObject` before the call returns.
final class HiredisContext {
    private let context: UnsafeMutablePointer<redisContext>
    private var currentTimeout: Duration
    /// What `redisSetTimeout` should be between calls.
    let defaultTimeout: Duration

    private static let ignoreBrokenPipe: Void = {
        // A write to a socket the server closed must surface as an error, not kill the process.
        _ = signal(SIGPIPE, SIG_IGN)
    }()

    private init(context: UnsafeMutablePointer<redisContext>, timeout: Duration) {
        self.context = context
        self.currentTimeout = timeout
        self.defaultTimeout = timeout
    }

    deinit {
        redisFree(context)
    }

    /// Connects and runs the handshake (`AUTH`, `SELECT`, `CLIENT SETNAME`) in one round trip.
    static func connect(_ configuration: RedisConfiguration) throws(RedisError) -> HiredisContext {
        _ = ignoreBrokenPipe
        let connectTimeout = timeval(configuration.connectTimeout)
        let raw: UnsafeMutablePointer<redisContext>?
        switch configuration.endpoint {
        case .tcp(let host, let port):
            raw = redisConnectWithTimeout(host, Int32(port), connectTimeout)
        case .unixSocket(let path):
            raw = redisConnectUnixWithTimeout(path, connectTimeout)
        }
        guard let raw else {
            throw RedisError(code: .connectionFailed, message: "hiredis could not allocate a context")
        }
        if raw.pointee.err != 0 {
            let message = errorString(raw)
            redisFree(raw)
            throw RedisError(
                code: .connectionFailed,
                message: "cannot connect to \(configuration.endpoint): \(message)")
        }
        let context = HiredisContext(context: raw, timeout: configuration.commandTimeout)
        guard redisSetTimeout(raw, timeval(configuration.commandTimeout)) == REDIS_OK else {
            throw context.ioError(whileDoing: "setting the command timeout")
        }
        if case .tcp = configuration.endpoint {
            _ = redisEnableKeepAlive(raw)
        }
        try context.handshake(configuration)
        return context
    }

    private func handshake(_ configuration: RedisConfiguration) throws(RedisError) {
        var commands: [RedisCommand] = []
        if let password = configuration.password {
            if let username = configuration.username {
                commands.append(RedisCommand("AUTH", username, password))
            } else {
                commands.append(RedisCommand("AUTH", password))
            }
        }
        if configuration.database != 0 {
            commands.append(RedisCommand("SELECT", configuration.database))
        }
        if let name = configuration.clientName {
            commands.append(RedisCommand("CLIENT", "SETNAME", name))
        }
        guard !commands.isEmpty else { return }
        for command in commands { append(command) }
        for (index, command) in commands.enumerated() {
            let result = try readReply()
            if case .failure(let error) = result {
                // Drain the remaining replies so nothing is left half-read, then report the first failure.
                for _ in (index + 1)..<commands.count { _ = try? readReply() }
                if command.name == "AUTH" {
                    throw RedisError(
                        code: .authenticationFailed,
                        message: "authentication as \(configuration.username ?? "default") was rejected: \(error.serverPrefix ?? "ERR") \(error.message)",
                        serverPrefix: error.serverPrefix)
                }
                throw error
            }
        }
    }

    /// Sets the socket timeout for the next replies, if it differs from the current one.
    func setTimeout(_ timeout: Duration) throws(RedisError) {
        guard timeout != currentTimeout else { return }
        guard redisSetTimeout(context, timeval(timeout)) == REDIS_OK else {
            throw ioError(whileDoing: "setting a socket timeout")
        }
        currentTimeout = timeout
    }

    /// Appends one command to hiredis' output buffer; nothing is sent until a reply is read.
    func append(_ command: RedisCommand) {
        let count = command.lengths.count
        command.storage.withUnsafeBufferPointer { bytes in
            command.lengths.withUnsafeBufferPointer { lengths in
                withUnsafeTemporaryAllocation(of: UnsafePointer<CChar>?.self, capacity: count) { argv in
                    let empty: StaticString = ""
                    let fallback = UnsafeRawPointer(empty.utf8Start).assumingMemoryBound(to: CChar.self)
                    var offset = 0
                    for index in 0..<count {
                        if let base = bytes.baseAddress {
                            argv[index] = UnsafeRawPointer(base + offset).assumingMemoryBound(to: CChar.self)
                        } else {
                            argv[index] = fallback
                        }
                        offset += lengths[index]
                    }
                    // Only fails on out-of-memory, which hiredis cannot recover from either.
                    _ = redisAppendCommandArgv(context, Int32(count), argv.baseAddress, lengths.baseAddress)
                }
            }
        }
    }

    /// Flushes the output buffer if needed and reads the next reply. A server error reply is a
    /// `.failure`; a broken connection, timeout or protocol error is thrown (the context is then unusable).
    func readReply() throws(RedisError) -> Result<RedisReply, RedisError> {
        var raw: UnsafeMutableRawPointer?
        guard redisGetReply(context, &raw) == REDIS_OK, let raw else {
            throw ioError(whileDoing: "waiting for a reply")
        }
        let reply = raw.assumingMemoryBound(to: redisReply.self)
        defer { freeReplyObject(raw) }
        if reply.pointee.type == REDIS_REPLY_ERROR {
            return .failure(RedisError(serverReply: Self.string(reply)))
        }
        return .success(Self.convert(reply))
    }

    private static func convert(_ reply: UnsafeMutablePointer<redisReply>) -> RedisReply {
        switch reply.pointee.type {
        case REDIS_REPLY_STRING:
            return .bulk(bytes(reply))
        case REDIS_REPLY_STATUS:
            return .status(string(reply))
        case REDIS_REPLY_INTEGER:
            return .integer(Int64(reply.pointee.integer))
        case REDIS_REPLY_NIL:
            return .null
        case REDIS_REPLY_ERROR:
            return .error(RedisError(serverReply: string(reply)))
        case REDIS_REPLY_ARRAY:
            let count = Int(reply.pointee.elements)
            var elements: [RedisReply] = []
            elements.reserveCapacity(count)
            for index in 0..<count {
                if let element = reply.pointee.element[index] {
                    elements.append(convert(element))
                } else {
                    elements.append(.null)
                }
            }
            return .array(elements)
        default:
            return .error(RedisError(code: .protocolError, message: "unknown reply type \(reply.pointee.type)"))
        }
    }

    private static func bytes(_ reply: UnsafeMutablePointer<redisReply>) -> [UInt8] {
        let count = Int(reply.pointee.len)
        guard count > 0, let pointer = reply.pointee.str else { return [] }
        return [UInt8](UnsafeRawBufferPointer(start: pointer, count: count))
    }

    private static func string(_ reply: UnsafeMutablePointer<redisReply>) -> String {
        String(decoding: bytes(reply), as: UTF8.self)
    }

    private static func errorString(_ context: UnsafeMutablePointer<redisContext>) -> String {
        withUnsafeBytes(of: context.pointee.errstr) { raw in
            let bytes = raw.prefix { $0 != 0 }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Classifies the context's error after a failed call.
    private func ioError(whileDoing activity: String) -> RedisError {
        let savedErrno = errno
        let message = Self.errorString(context)
        switch context.pointee.err {
        case REDIS_ERR_IO where savedErrno == EAGAIN || savedErrno == EWOULDBLOCK
            || message.contains("temporarily unavailable"):
            return RedisError(code: .timeout, message: "no reply within \(currentTimeout) while \(activity)")
        case REDIS_ERR_EOF:
            return RedisError(code: .connectionLost, message: "server closed the connection while \(activity)")
        case REDIS_ERR_PROTOCOL:
            return RedisError(code: .protocolError, message: "\(message) while \(activity)")
        default:
            return RedisError(code: .connectionLost, message: "\(message.isEmpty ? "I/O error" : message) while \(activity)")
        }
    }
}

extension timeval {
    /// A `timeval` from a Swift `Duration` (negative durations become zero).
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        if seconds < 0 {
            self.init(tv_sec: 0, tv_usec: 0)
        } else {
            self.init(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
        }
    }
}

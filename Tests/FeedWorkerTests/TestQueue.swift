import FeedCore
import FeedWorker
import Logging
import PrefeedRedis
import PrefeedTestSupport

/// A fresh Redis server with a queue on it, stopped when `body` returns.
func withQueue<T>(
    _ configure: (inout JobQueueConfiguration) -> Void = { _ in },
    _ body: (RedisServerProcess, RedisClient, JobQueue) async throws -> T
) async throws -> T {
    let server = try await RedisServerProcess.start(maximumConnections: 8)
    defer { server.stop() }
    let client = server.client()
    defer { client.shutdown() }
    var configuration = JobQueueConfiguration()
    configure(&configuration)
    let queue = JobQueue(client: client, configuration: configuration, logger: quietLogger)
    try await queue.createGroups()
    return try await body(server, client, queue)
}

/// A logger that prints only critical messages (the tests provoke errors on purpose).
let quietLogger: Logger = {
    var logger = Logger(label: "feedworker.tests")
    logger.logLevel = .critical
    return logger
}()

func users(_ range: ClosedRange<UInt64>) -> [UserID] { range.map { UserID($0) } }

import Synchronization

/// Runs at most one operation per key at a time: concurrent callers for the same key share the
/// running operation's result. The operation runs in its own task, so a caller that gives up
/// (timeout, cancellation) does not cancel it for the others.
final class SingleFlight<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let running = Mutex<[Key: Task<Value, any Error>]>([:])

    /// The result of `operation` for `key`, shared with any concurrent call for the same key.
    func run(_ key: Key, _ operation: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let (task, owner) = running.withLock { running -> (Task<Value, any Error>, Bool) in
            if let task = running[key] { return (task, false) }
            let task = Task { try await operation() }
            running[key] = task
            return (task, true)
        }
        if owner {
            Task { [self] in
                _ = await task.result
                _ = running.withLock { $0.removeValue(forKey: key) }
            }
        }
        return try await task.value
    }

    /// Keys with an operation in flight (for tests).
    var inFlight: Int { running.withLock { $0.count } }
}

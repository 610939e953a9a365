import Synchronization

/// Waits for a task's result for at most a given time, without cancelling the task (other
/// waiters, e.g. single-flight followers, still get its result).
enum BoundedWait {
    /// The task's value, or `nil` when it failed or did not finish within `timeout`.
    static func value<T: Sendable>(of task: Task<T, any Error>, within timeout: Duration) async -> T? {
        let slot = ContinuationSlot<T?>()
        return await withCheckedContinuation { continuation in
            slot.set(continuation)
            let timer = Task {
                try? await Task.sleep(for: timeout)
                slot.resume(returning: nil)
            }
            Task {
                let result = try? await task.value
                timer.cancel()
                slot.resume(returning: result)
            }
        }
    }
}

/// A continuation resumed at most once, by whichever resumer comes first.
private final class ContinuationSlot<T: Sendable>: Sendable {
    private let continuation = Mutex<CheckedContinuation<T, Never>?>(nil)

    func set(_ continuation: CheckedContinuation<T, Never>) {
        self.continuation.withLock { $0 = continuation }
    }

    func resume(returning value: T) {
        continuation.withLock { $0.take() }?.resume(returning: value)
    }
}

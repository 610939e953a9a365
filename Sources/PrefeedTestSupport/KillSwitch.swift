import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Sends SIGKILL to `process` once `condition` holds, deciding on a dedicated thread.
///
/// Crash tests must land their kill while the child is mid-run. Polling from a test task is not
/// enough: under `swift test --parallel` on two cores, other tests can keep the cooperative pool
/// busy for seconds and the child finishes before the poller runs again. An OS thread is
/// scheduled by the kernel regardless.
///
/// - Parameters:
///   - condition: checked every `interval` (it must be cheap and thread-safe, e.g. read a file).
///   - delay: waited after `condition` first holds, before the signal (to land inside work too).
///   - timeout: gives up (without killing) after this long.
/// - Returns: whether the signal was sent while the process was still running. The caller still
///   checks `terminationReason`, since the child may exit in the same instant.
public func killNine(
    _ process: Process,
    when condition: @escaping @Sendable () -> Bool,
    delay: Duration = .zero,
    interval: Duration = .milliseconds(2),
    timeout: Duration
) async -> Bool {
    let pid = process.processIdentifier
    return await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
        let thread = Thread {
            let deadline = ContinuousClock.now + timeout
            while process.isRunning, ContinuousClock.now < deadline {
                if condition() {
                    if delay > .zero { Thread.sleep(forTimeInterval: delay.seconds) }
                    guard process.isRunning else { break }
                    kill(pid, SIGKILL)
                    continuation.resume(returning: true)
                    return
                }
                Thread.sleep(forTimeInterval: interval.seconds)
            }
            continuation.resume(returning: false)
        }
        thread.name = "kill-switch"
        thread.start()
    }
}

extension Duration {
    fileprivate var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive `flock` on `<directory>/.lock`: two joins never write one row directory. The kernel
/// drops the lock when the process dies, so a killed join never leaves it stale.
final class DirectoryLock {
    private let descriptor: Int32

    /// Takes the lock or throws when another process holds it.
    init(directory: URL) throws(StreamJoinError) {
        let path = directory.appendingPathComponent(".lock").path
        let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw StreamJoinError("cannot open \(path): errno \(errno)") }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw StreamJoinError("another join is writing \(directory.path) (\(path) is locked)")
        }
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }
}

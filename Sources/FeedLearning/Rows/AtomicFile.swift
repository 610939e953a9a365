import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Crash-safe file replacement: write a temporary file in the same directory, `fsync` it,
/// `rename` it over the target, then `fsync` the directory. A reader (or a restart after a crash)
/// sees either the old file or the whole new one, never a torn one.
public enum AtomicFile {
    /// The prefix of temporary files (a restart may delete leftovers that start with it).
    public static let temporaryPrefix = ".tmp-"

    /// Writes `data` to `url` atomically and durably.
    public static func write(_ data: Data, to url: URL) throws(TrainingRowIOError) {
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(temporaryPrefix + url.lastPathComponent)
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw error("open", temporary) }
        var failure: TrainingRowIOError?
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = posixWrite(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = error("write", temporary)
                    return
                }
                offset += written
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = error("fsync", temporary) }
        close(fd)
        if let failure {
            unlink(temporary.path)
            throw failure
        }
        guard rename(temporary.path, url.path) == 0 else {
            let failure = error("rename", url)
            unlink(temporary.path)
            throw failure
        }
        try syncDirectory(directory)
    }

    /// `fsync`s a directory so the names it holds (after a rename or unlink) are durable.
    public static func syncDirectory(_ directory: URL) throws(TrainingRowIOError) {
        let fd = open(directory.path, O_RDONLY)
        guard fd >= 0 else { throw error("open", directory) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw error("fsync", directory) }
    }

    private static func posixWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
            Glibc.write(fd, bytes, count)
        #else
            Darwin.write(fd, bytes, count)
        #endif
    }

    private static func error(_ operation: String, _ url: URL) -> TrainingRowIOError {
        TrainingRowIOError("\(operation) \(url.path): \(String(cString: strerror(errno)))")
    }
}

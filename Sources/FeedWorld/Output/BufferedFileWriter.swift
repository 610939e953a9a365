import Foundation

/// Appends lines to a file through a 1 MiB buffer.
struct BufferedFileWriter {
    /// Where the bytes go while writing.
    let url: URL
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    /// Bytes handed to the file so far (flushed or not).
    private(set) var byteCount = 0

    private static let flushThreshold = 1 << 20

    /// Creates (or truncates) the file at `url`.
    init(url: URL) throws {
        self.url = url
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw WorldWriterError(path: url.path, reason: "cannot create the file")
        }
        handle = try FileHandle(forWritingTo: url)
        buffer.reserveCapacity(BufferedFileWriter.flushThreshold + 64 * 1024)
    }

    /// Lets `body` append bytes, flushing when the buffer is full.
    @inline(__always)
    mutating func append(_ body: (inout [UInt8]) -> Void) throws {
        let before = buffer.count
        body(&buffer)
        byteCount += buffer.count - before
        if buffer.count >= BufferedFileWriter.flushThreshold { try flush() }
    }

    /// Writes the buffer to the file.
    mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes the file.
    mutating func close() throws {
        try flush()
        try handle.close()
    }
}

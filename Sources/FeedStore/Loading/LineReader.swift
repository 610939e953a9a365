import Foundation

/// Reads a file line by line in large chunks, without holding the whole file in memory.
///
/// Lines end at `\n` (a trailing `\r` stays in the line; the row parsers ignore it). The last line
/// may lack a newline. Byte counts feed the loader's progress line.
struct LineReader {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false
    private let chunkSize: Int
    /// Bytes consumed so far.
    private(set) var bytesRead = 0
    /// 1-based number of the last line returned.
    private(set) var lineNumber = 0

    init(url: URL, chunkSize: Int = 4 << 20) throws {
        handle = try FileHandle(forReadingFrom: url)
        self.chunkSize = chunkSize
    }

    func close() { try? handle.close() }

    /// The next line, or `nil` at the end of the file.
    mutating func next() throws -> ArraySlice<UInt8>? {
        while true {
            if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = buffer[start..<newline]
                bytesRead += newline + 1 - start
                start = newline + 1
                lineNumber += 1
                return line
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                let line = buffer[start...]
                bytesRead += buffer.count - start
                start = buffer.count
                lineNumber += 1
                return line
            }
            buffer.removeFirst(start)
            start = 0
            if let data = try handle.read(upToCount: chunkSize), !data.isEmpty {
                buffer.append(contentsOf: data)
            } else {
                atEnd = true
            }
        }
    }
}

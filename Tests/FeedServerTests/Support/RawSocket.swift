import Foundation
import Glibc

/// A blocking loopback TCP connection for tests that need to see the socket itself (idle
/// timeouts, connection caps) rather than an HTTP client's pooled view of it.
final class RawSocket {
    private let descriptor: Int32

    /// Connects to 127.0.0.1:`port`; `nil` when the connection is refused.
    init?(port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            Glibc.close(fd)
            return nil
        }
        descriptor = fd
    }

    private var closed = false
    /// The file descriptor (diagnostics).
    var descriptorForTests: Int32 { descriptor }
    /// The port the descriptor is connected to now (diagnostics: another owner may have reused it).
    var peerPort: Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(descriptor, $0, &length) }
        }
        return ok == 0 ? Int(UInt16(bigEndian: address.sin_port)) : -Int(errno)
    }

    deinit { close() }

    /// Closes the connection (once).
    func close() {
        guard !closed else { return }
        closed = true
        Glibc.close(descriptor)
    }

    /// Sends `text` whole.
    func send(_ text: String) {
        var bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.send(descriptor, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { return }
            sent += n
        }
    }

    /// What one read returns within `seconds`: bytes, `.closed` at end of stream, `.timedOut` when nothing came.
    enum Read: Equatable {
        case bytes(String)
        case closed
        case timedOut
        /// The read failed with this `errno` (not "would block").
        case failed(Int32)
    }

    /// Polls without blocking (a blocking `recv` would hold one of the few cooperative threads
    /// the server under test needs to answer).
    func read(within seconds: Double) async -> Read {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            // Read first, then look at the clock: a task scheduled late still sees what arrived.
            let n = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if n > 0 { return .bytes(String(decoding: buffer[0..<n], as: UTF8.self)) }
            if n == 0 { return .closed }
            let error = errno
            guard error == EAGAIN || error == EWOULDBLOCK else { return .failed(error) }
            if ContinuousClock.now >= deadline { return .timedOut }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// One whole HTTP response (head and `Content-Length` body, however many segments it came
    /// in) within `seconds`; `nil` when the connection closed or nothing complete came.
    func readResponse(within seconds: Double) async -> String? {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        var text = ""
        // At least one read after the deadline: a starved task must still see what arrived.
        repeat {
            let left = max(0.05, Double((deadline - ContinuousClock.now).components.seconds))
            guard case .bytes(let more) = await read(within: left) else { return nil }
            text += more
            guard let headEnd = text.range(of: "\r\n\r\n") else { continue }
            let head = text[..<headEnd.lowerBound].lowercased()
            let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
            if text[headEnd.upperBound...].utf8.count >= length { return text }
        } while ContinuousClock.now < deadline
        return nil
    }

    /// Whether the peer closes the connection within `seconds` (bytes that still arrive are skipped).
    func closes(within seconds: Double) async -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        repeat {
            switch await read(within: max(0.05, Double((deadline - ContinuousClock.now).components.seconds))) {
            case .closed: return true
            case .failed: return false
            case .bytes, .timedOut: continue
            }
        } while ContinuousClock.now < deadline
        return false
    }
}

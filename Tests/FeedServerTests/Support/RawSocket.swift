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
    }

    /// Polls without blocking (a blocking `recv` would hold one of the few cooperative threads
    /// the server under test needs to answer).
    func read(within seconds: Double) async -> Read {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if n > 0 { return .bytes(String(decoding: buffer[0..<n], as: UTF8.self)) }
            if n == 0 { return .closed }
            guard errno == EAGAIN || errno == EWOULDBLOCK else { return .closed }
            if ContinuousClock.now >= deadline { return .timedOut }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }
}

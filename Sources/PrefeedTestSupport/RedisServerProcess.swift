import Foundation
import Logging
import PrefeedRedis
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A private `redis-server` on a free loopback port, with the project's `Ops/redis.conf` and a fresh
/// temporary data directory. Used by tests, the demo and the benchmarks.
///
/// The server runs under a small shell watchdog whose standard input is a pipe from this process.
/// When this process exits for any reason, a crash or `kill -9` included, the pipe closes and the
/// watchdog stops the server: no orphan `redis-server` is left behind.
public final class RedisServerProcess: Sendable {
    /// The loopback port the server listens on.
    public let port: Int
    /// The server's data directory (AOF, logs, pid file).
    public let directory: URL
    /// A client configuration pointing at this server.
    public let configuration: RedisConfiguration
    private let launch: Launch

    private struct Launch: Sendable {
        var executable: String
        var configFile: String
        var extraArguments: [String]
    }

    private let running: Mutex<Running?>

    private struct Running: Sendable {
        var serverPID: pid_t
        var watchdogPID: pid_t
        /// Write end of the watchdog's stdin; closing it (or dying) makes the watchdog stop the server.
        var watchdogPipe: Int32
    }

    /// Starts a server and waits until it answers `PING`. Prefer ``withRedisServer(extraArguments:password:_:)``,
    /// which also stops it; otherwise call ``stop()`` (a `defer` right after `start` also keeps it alive).
    /// - Parameters:
    ///   - extraArguments: more `--name value` overrides, e.g. `["--requirepass", "secret"]`.
    ///   - password: the password clients must use, if `extraArguments` set one.
    ///   - clusterNode: starts the server as a Redis Cluster node (`cluster-enabled`) with its bus on
    ///     a second free port; ``RedisClusterProcess`` joins such nodes into a cluster.
    public static func start(
        extraArguments: [String] = [],
        password: String? = nil,
        maximumConnections: Int = 4,
        clusterNode: Bool = false
    ) async throws -> RedisServerProcess {
        let executable = try locateRedisServer()
        let configFile = try locateProjectFile("Ops/redis.conf")
        var lastError: (any Error)?
        for _ in 0..<5 {
            let port = try freeLoopbackPort()
            var extraArguments = extraArguments
            if clusterNode {
                extraArguments += ["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                                   "--cluster-port", String(try freeLoopbackPort())]
            }
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("prefeed-redis-\(port)-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            var configuration = RedisConfiguration(
                endpoint: .tcp(host: "127.0.0.1", port: port), password: password,
                connectTimeout: .milliseconds(500), commandTimeout: .seconds(5),
                maximumConnections: maximumConnections)
            configuration.reconnectBaseDelay = .milliseconds(10)
            configuration.reconnectMaximumDelay = .milliseconds(500)
            let server = RedisServerProcess(
                port: port, directory: directory, configuration: configuration,
                launch: Launch(executable: executable, configFile: configFile, extraArguments: extraArguments))
            do {
                try await server.restart()
                return server
            } catch {
                lastError = error
                server.stop()
            }
        }
        throw lastError ?? TestSupportError("could not start redis-server")
    }

    private init(port: Int, directory: URL, configuration: RedisConfiguration, launch: Launch) {
        self.port = port
        self.directory = directory
        self.configuration = configuration
        self.launch = launch
        self.running = Mutex(nil)
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// (Re)starts the server on the same port and data directory, and waits until it answers.
    public func restart() async throws {
        let dir = directory.path
        let arguments = [launch.executable, launch.configFile, "--port", String(port), "--bind", "127.0.0.1",
                         "--dir", dir, "--pidfile", "\(dir)/redis.pid", "--logfile", "\(dir)/redis.log",
                         "--daemonize", "no"] + launch.extraArguments
        let fds = try cloexecPipe()
        let serverPID: pid_t
        do {
            serverPID = try spawn(arguments, standardInput: nil)
        } catch {
            close(fds[0]); close(fds[1])
            throw error
        }
        // The watchdog reads its stdin until EOF, which comes when this process closes the pipe or dies.
        let watchdog = ["/bin/sh", "-c", "while read -r _; do :; done; kill -TERM \"$1\" 2>/dev/null", "watchdog", String(serverPID)]
        let watchdogPID: pid_t
        do {
            watchdogPID = try spawn(watchdog, standardInput: fds[0])
        } catch {
            kill(serverPID, SIGKILL)
            var status: Int32 = 0
            waitpid(serverPID, &status, 0)
            close(fds[0]); close(fds[1])
            throw error
        }
        close(fds[0])
        running.withLock { $0 = Running(serverPID: serverPID, watchdogPID: watchdogPID, watchdogPipe: fds[1]) }
        try await waitUntilAnswering(timeout: .seconds(10))
    }

    /// Stops the server (SIGTERM: it fsyncs its AOF and exits) and waits for it.
    public func stop() {
        terminate(signal: SIGTERM)
    }

    /// Kills the server with SIGKILL, as a crash would: no shutdown, no final fsync.
    public func kill9() {
        terminate(signal: SIGKILL)
    }

    private func terminate(signal: Int32) {
        guard let current = running.withLock({ state -> Running? in
            defer { state = nil }
            return state
        }) else { return }
        kill(current.serverPID, signal)
        var status: Int32 = 0
        waitpid(current.serverPID, &status, 0)
        close(current.watchdogPipe)
        waitpid(current.watchdogPID, &status, 0)
    }

    /// Whether the server process is still alive.
    public var isRunning: Bool {
        guard let pid = running.withLock({ $0?.serverPID }) else { return false }
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == 0
    }

    /// The server's own pid, from its pid file.
    public func serverPID() -> pid_t? {
        guard let text = try? String(contentsOf: directory.appendingPathComponent("redis.pid"), encoding: .utf8)
        else { return nil }
        return pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// A new client for this server.
    public func client(maximumConnections: Int? = nil) -> RedisClient {
        var configuration = configuration
        if let maximumConnections { configuration.maximumConnections = maximumConnections }
        return RedisClient(configuration: configuration)
    }

    private func waitUntilAnswering(timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        var configuration = configuration
        configuration.maximumConnections = 1
        configuration.reconnectBaseDelay = .milliseconds(5)
        configuration.reconnectMaximumDelay = .milliseconds(50)
        // Refused connects are expected while the server starts: keep them out of the logs.
        let probe = RedisClient(configuration: configuration, logger: Logger(label: "prefeed.redis.probe") { _ in SwiftLogNoOpLogHandler() })
        defer { probe.shutdown() }
        var lastError: (any Error)?
        while ContinuousClock.now < deadline {
            if !isRunning {
                throw TestSupportError("redis-server exited at start-up; see \(directory.path)/redis.log")
            }
            do {
                let reply = try await probe.execute("PING")
                if reply == .status("PONG") { return }
            } catch let error as RedisError where error.code == .authenticationFailed || error.serverPrefix == "NOAUTH" {
                return  // it answers; the test wants a password
            } catch {
                lastError = error
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestSupportError("redis-server on port \(port) did not answer within \(timeout): \(lastError.map { "\($0)" } ?? "")")
    }
}

/// A failure of the test support itself (missing redis-server, no free port, start-up failure).
public struct TestSupportError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Serializes pipe creation and spawning, so a pipe made for one child is close-on-exec before any
/// other child of ours is spawned and cannot leak into it (a leaked write end would keep a watchdog alive).
private let spawnLock = Mutex(())

/// A pipe whose both ends are close-on-exec.
func cloexecPipe() throws -> [Int32] {
    try spawnLock.withLock { _ in
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw TestSupportError("pipe failed: errno \(errno)") }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        return fds
    }
}

/// Starts `arguments[0]` with `arguments[1...]`, stdout and stderr to /dev/null, stdin from `standardInput`
/// (or /dev/null). Uses `posix_spawn`, so no file descriptor of ours leaks into the child except stdin.
func spawn(_ arguments: [String], standardInput: Int32?, inheritOutput: Bool = false) throws -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    if let standardInput {
        posix_spawn_file_actions_adddup2(&actions, standardInput, 0)
    } else {
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    }
    if !inheritOutput {
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    }
    // The calling thread may block signals (dispatch and the cooperative pool do) and this process
    // ignores SIGPIPE; the child must start with an empty mask and default handlers, or it would
    // never see the SIGTERM that stops it.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var emptyMask = sigset_t()
    sigemptyset(&emptyMask)
    posix_spawnattr_setsigmask(&attributes, &emptyMask)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signal in [SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGQUIT] { sigaddset(&defaults, signal) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var pid = pid_t()
    let result = spawnLock.withLock { _ in posix_spawn(&pid, arguments[0], &actions, &attributes, &argv, environ) }
    guard result == 0 else {
        throw TestSupportError("cannot start \(arguments[0]): \(String(cString: strerror(result)))")
    }
    return pid
}

/// Runs a command to completion with our stdout and stderr, stdin from /dev/null, and returns its
/// exit status. Unlike Foundation's `Process`, it waits for the process itself only, not for every
/// holder of its pipes, so a daemon the command leaves behind (`redis-server --daemonize yes`)
/// does not make it hang.
public func runToCompletion(_ arguments: [String]) throws -> Int32 {
    let pid = try spawn(arguments, standardInput: nil, inheritOutput: true)
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    // WIFEXITED / WEXITSTATUS, spelled out: Swift does not import the macros.
    if status & 0x7F == 0 { return (status >> 8) & 0xFF }
    return 128 + (status & 0x7F)
}

/// Finds `redis-server` on `PATH`, or fails with how to install it.
func locateRedisServer() throws -> String {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    var directories = path.split(separator: ":").map(String.init)
    directories.append(contentsOf: ["/usr/bin", "/usr/sbin", "/usr/local/bin"])
    for directory in directories {
        let candidate = directory + "/redis-server"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    throw TestSupportError("""
        redis-server is not installed (searched PATH=\(path)): these tests need a real Redis. \
        Install it with `sudo apt-get install -y redis-server redis-tools` or run `Ops/install-deps`.
        """)
}

/// Finds a file of the repository: `$PREFEED_ROOT`, then the source tree this file was built from,
/// then the current directory and its parents.
public func locateProjectFile(_ relativePath: String) throws -> String {
    var roots: [URL] = []
    if let root = ProcessInfo.processInfo.environment["PREFEED_ROOT"] { roots.append(URL(fileURLWithPath: root)) }
    roots.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent())
    var directory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    for _ in 0..<6 {
        roots.append(directory)
        directory = directory.deletingLastPathComponent()
    }
    for root in roots {
        let candidate = root.appendingPathComponent(relativePath).path
        if FileManager.default.fileExists(atPath: candidate) { return candidate }
    }
    throw TestSupportError("cannot find \(relativePath); run from the repository or set PREFEED_ROOT")
}

/// Asks the kernel for a free TCP port on 127.0.0.1.
public func freeLoopbackPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw TestSupportError("socket() failed: errno \(errno)") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0 else { throw TestSupportError("bind() failed: errno \(errno)") }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let named = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    guard named == 0 else { throw TestSupportError("getsockname() failed: errno \(errno)") }
    return Int(UInt16(bigEndian: address.sin_port))
}

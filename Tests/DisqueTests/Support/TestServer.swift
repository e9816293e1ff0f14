import Foundation
import Glibc
import Disque
import MiniDisque

/// The node an integration test talks to: an in-process MiniDisque on a free
/// loopback port, or — when `DISQUE_SERVER=/path/to/disque-server` is set — a
/// real Disque started on a free port for the test and stopped after it.
final class TestServer: @unchecked Sendable {
    let port: Int
    let password: String?
    let unixSocketPath: String?
    private var mini: MiniDisqueServer?
    private var process: Process?
    private var directory: URL?

    /// The real server binary, when the suite should run against one.
    static let realServerPath: String? = {
        guard let path = ProcessInfo.processInfo.environment["DISQUE_SERVER"], !path.isEmpty else { return nil }
        return path
    }()

    static var isReal: Bool { realServerPath != nil }

    /// Starts a node; `port` 0 picks a free one.
    init(password: String? = nil, port: Int = 0, unixSocketPath: String? = nil) throws {
        self.password = password
        self.unixSocketPath = unixSocketPath
        if let binary = TestServer.realServerPath {
            let chosen = port == 0 ? try freeLoopbackPort() : port
            self.port = chosen
            try startReal(binary: binary, port: chosen)
        } else {
            let server = MiniDisqueServer(configuration: MiniDisqueConfiguration(
                host: "127.0.0.1", port: port, password: password, unixSocketPath: unixSocketPath))
            try server.start()
            self.port = server.port
            mini = server
        }
    }

    deinit { stop() }

    /// Stops the node: every client link is closed.
    func stop() {
        mini?.stop()
        mini = nil
        if let process, process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        process = nil
        if let directory { try? FileManager.default.removeItem(at: directory) }
        directory = nil
    }

    /// A fresh node on the same port (state is not kept), after `stop()`.
    func restarted() throws -> TestServer {
        stop()
        var lastError: Error?
        // The port may take a moment to become free again.
        for _ in 0..<50 {
            do {
                return try TestServer(password: password, port: port, unixSocketPath: unixSocketPath)
            } catch {
                lastError = error
                usleep(20_000)
            }
        }
        throw lastError!
    }

    var endpoint: DisqueEndpoint { .tcp(host: "127.0.0.1", port: port) }

    /// Options for this node, with a read timeout so a broken test fails instead of hanging.
    func options(password: String?? = .none, reconnect: Bool = true) -> DisqueConnectionOptions {
        DisqueConnectionOptions(endpoint: endpoint, password: password ?? self.password,
                                connectTimeout: .seconds(2), readTimeout: .seconds(10),
                                writeTimeout: .seconds(10), reconnect: reconnect)
    }

    func connect(reconnect: Bool = true) throws -> DisqueConnection {
        try DisqueConnection(options: options(reconnect: reconnect))
    }

    private func startReal(binary: String, port: Int) throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("disque-test-\(port)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.directory = directory
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        var arguments = ["--port", String(port), "--bind", "127.0.0.1", "--dir", directory.path,
                         "--appendonly", "no", "--daemonize", "no"]
        if let password { arguments += ["--requirepass", password] }
        if let unixSocketPath { arguments += ["--unixsocket", unixSocketPath] }
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        // Wait until it accepts connections.
        for _ in 0..<250 {
            if canConnect(port: port) { return }
            usleep(20_000)
        }
        throw TestFailure("disque-server did not start on port \(port)")
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A loopback port nothing listens on right now.
func freeLoopbackPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw TestFailure("socket() failed") }
    defer { close(fd) }
    var address = loopbackAddress(port: 0)
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0 else { throw TestFailure("bind() failed") }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}

func loopbackAddress(port: Int) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = UInt16(port).bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    return address
}

private func canConnect(port: Int) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var address = loopbackAddress(port: port)
    return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    } == 0
}

/// Runs blocking work on its own thread (never on the test's cooperative
/// pool) and hands the result back.
final class Background<T: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<T, Error>?

    init(_ body: @escaping @Sendable () throws -> T) {
        let thread = Thread { [self] in
            result = Result { try body() }
            done.signal()
        }
        thread.start()
    }

    /// The result, or nil if the work did not finish within `timeout`.
    func wait(timeout: Duration = .seconds(10)) -> Result<T, Error>? {
        let milliseconds = Int(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        guard done.wait(timeout: .now() + .milliseconds(milliseconds)) == .success else { return nil }
        return result
    }
}

/// Seconds elapsed while running `body`.
func measure<T>(_ body: () throws -> T) rethrows -> (T, Duration) {
    let clock = ContinuousClock()
    let start = clock.now
    let value = try body()
    return (value, clock.now - start)
}

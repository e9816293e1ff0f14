import Foundation
import MiniDisque
import RESP
#if canImport(Glibc)
import Glibc
#endif

/// A Disque node for one test: an in-process MiniDisque on a free loopback
/// port, or — when `DISQUE_SERVER=/path/to/disque-server` is set — a real
/// Disque started on a free port. Stopped by `stop()` or when released.
///
/// ```swift
/// let node = try TestNode()
/// let result = try node.cli(["ADDJOB", "q", "hello", "0"])
/// ```
final class TestNode {
    private var server: MiniDisqueServer?
    private var realServer: CLIProcess?
    private var directory: String?
    /// The TCP port on 127.0.0.1.
    let port: Int
    let password: String?
    /// The node's Unix socket, when asked for one (MiniDisque only).
    private(set) var unixSocketPath: String?

    /// `unixSocket: true` adds a Unix-socket listener (see `unixSocketPath`).
    init(password: String? = nil, unixSocket: Bool = false) throws {
        self.password = password
        if let path = ProcessInfo.processInfo.environment["DISQUE_SERVER"], !path.isEmpty {
            let port = try TestNode.freePort()
            let dir = NSTemporaryDirectory() + "disque-test-\(port)-\(getpid())"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            var args = ["--port", "\(port)", "--bind", "127.0.0.1", "--dir", dir]
            if let password { args += ["--requirepass", password] }
            realServer = try CLIProcess(args, executable: path, closeInput: true)
            directory = dir
            self.port = port
            try TestNode.waitUntilListening(port: port)
        } else {
            let socketPath = unixSocket ? NSTemporaryDirectory() + "disque-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).sock" : nil
            let server = MiniDisqueServer(configuration: MiniDisqueConfiguration(
                port: 0, password: password, unixSocketPath: socketPath))
            unixSocketPath = socketPath
            try server.start()
            self.server = server
            self.port = server.port
        }
    }

    deinit { stop() }

    func stop() {
        server?.stop()
        server = nil
        if let realServer {
            realServer.signal(SIGKILL)
            _ = realServer.finish(timeout: .seconds(5))
            self.realServer = nil
        }
        if let directory { try? FileManager.default.removeItem(atPath: directory) }
        if let unixSocketPath { try? FileManager.default.removeItem(atPath: unixSocketPath) }
        directory = nil
    }

    /// `-p <port>`: what points disque-cli at this node (no password).
    var address: [String] { ["-p", "\(port)"] }

    /// Runs disque-cli against this node: `address + arguments`.
    func cli(_ arguments: [String], stdin input: [UInt8] = [], environment: [String: String?] = [:],
             timeout: Duration = .seconds(30)) throws -> CLIResult {
        try CLIProcess.run(address + arguments, stdin: input, environment: environment, timeout: timeout)
    }

    /// Runs disque-cli against this node with text on stdin.
    func cli(_ arguments: [String], input: String, environment: [String: String?] = [:],
             timeout: Duration = .seconds(30)) throws -> CLIResult {
        try cli(arguments, stdin: Array(input.utf8), environment: environment, timeout: timeout)
    }

    /// Sends one command over a fresh socket and returns the reply: the test's
    /// own view of the node, independent of disque-cli and the client library.
    func send(_ arguments: [String]) throws -> RESPValue {
        let fd = try TestNode.connect(port: port)
        defer { close(fd) }
        var request: [UInt8] = []
        if let password { RESPEncoder.encodeCommand(["AUTH", password], into: &request) }
        RESPEncoder.encodeCommand(arguments, into: &request)
        _ = request.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        var decoder = RESPDecoder()
        var replies: [RESPValue] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        let wanted = password == nil ? 1 : 2
        let deadline = ContinuousClock.now + .seconds(10)
        while replies.count < wanted, ContinuousClock.now < deadline {
            while let value = try decoder.next() { replies.append(value) }
            if replies.count >= wanted { break }
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, 100) > 0 else { continue }
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            decoder.feed(chunk[0..<n])
        }
        guard replies.count >= wanted else {
            throw CLIProcess.SpawnFailure(description: "no reply to \(arguments) from 127.0.0.1:\(port)")
        }
        return replies[wanted - 1]
    }

    // MARK: - Ports

    /// A port nothing listens on right now (bound then released).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Bool in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw CLIProcess.SpawnFailure(description: "cannot find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func connect(port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else {
            close(fd)
            throw CLIProcess.SpawnFailure(description: "cannot connect to 127.0.0.1:\(port)")
        }
        return fd
    }

    private static func waitUntilListening(port: Int) throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if let fd = try? connect(port: port) {
                close(fd)
                return
            }
            usleep(20_000)
        }
        throw CLIProcess.SpawnFailure(description: "disque-server did not listen on \(port)")
    }
}

import Foundation
import Glibc
import MiniDisque
import RESP

/// The Disque node a test talks to. With no environment it is an in-process
/// MiniDisque on a free loopback port; with `DISQUE_SERVER=/path/to/disque-server`
/// it is that real server, started for the test on its own port and `--dir`.
/// Either way the node is stopped, its process reaped and its folder removed
/// when the value is released — also when the test threw.
///
/// ```swift
/// let node = try TestNode()
/// let reply = try node.send(["ADDJOB", "q", "hello", "0"])
/// ```
public final class TestNode: @unchecked Sendable {
    public enum Backend: Sendable, Equatable {
        /// An in-process MiniDisque.
        case miniDisque
        /// The real `disque-server` at this path.
        case realServer(String)
    }

    /// `DISQUE_SERVER`, when the suites should run against a real node.
    public static let realServerPath: String? = {
        guard let path = ProcessInfo.processInfo.environment["DISQUE_SERVER"], !path.isEmpty else { return nil }
        return path
    }()

    /// True when the suites run against the real server.
    public static var isReal: Bool { realServerPath != nil }

    /// What `TestNode()` starts in this run.
    public static var defaultBackend: Backend { realServerPath.map(Backend.realServer) ?? .miniDisque }

    public let backend: Backend
    /// The TCP port on 127.0.0.1 (below 55535 for a real node: its cluster bus is port + 10000).
    public let port: Int
    /// The node's `requirepass`.
    public let password: String?
    /// The node's Unix socket, when one was asked for.
    public let unixSocketPath: String?
    /// The node's `--dir` (real server): its nodes.conf keeps the node ID across restarts.
    public let directory: String
    private let configure: @Sendable (inout MiniDisqueConfiguration) -> Void
    private var miniServer: MiniDisqueServer?
    private var process: ServerProcess?

    /// Starts a node. `configure` adjusts a MiniDisque's configuration (a
    /// clock, limits); it is ignored for a real server.
    public init(password: String? = nil, unixSocket: Bool = false, backend: Backend = TestNode.defaultBackend,
                configure: @escaping @Sendable (inout MiniDisqueConfiguration) -> Void = { _ in }) throws {
        self.backend = backend
        self.password = password
        self.configure = configure
        let port = try LoopbackPorts.free()
        self.port = port
        directory = NSTemporaryDirectory() + "disque-test-\(getpid())-\(port)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // sun_path holds 108 bytes: keep the socket name short.
        unixSocket ? (unixSocketPath = "/tmp/dq-\(getpid())-\(port).sock") : (unixSocketPath = nil)
        try start()
    }

    deinit {
        teardown()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The in-process MiniDisque, for tests of its internals (nil on a real server).
    public var mini: MiniDisqueServer? { miniServer }

    public var isReal: Bool { if case .realServer = backend { return true } else { return false } }

    /// True while the node runs.
    public var isRunning: Bool { miniServer != nil || (process?.isRunning ?? false) }

    /// Stops the node gracefully (SIGTERM for a real server). Its folder stays, for `restart()`.
    public func stop() {
        miniServer?.stop()
        miniServer = nil
        process?.kill(signal: SIGTERM)
        process = nil
        if let unixSocketPath { unlink(unixSocketPath) }
    }

    /// Kills the node at once (SIGKILL for a real server; a MiniDisque just stops).
    public func kill() {
        miniServer?.stop()
        miniServer = nil
        process?.kill(signal: SIGKILL)
        process = nil
    }

    /// Starts the node again on the same port and folder (a real node keeps its ID).
    public func restart() throws {
        teardown()
        // The port may linger a moment after the old listener closed.
        try waitUntil("port \(port) free again", timeout: .seconds(10)) { LoopbackPorts.canBind(port) }
        try start()
    }

    /// The log's last lines (a real server's output; MiniDisque logs nothing).
    public func logTail(lines: Int = 30) -> String {
        process?.logTail(lines: lines) ?? "(in-process MiniDisque: no log)"
    }

    /// The node's ID, as HELLO reports it.
    public var nodeID: String {
        get throws {
            if let miniServer { return miniServer.nodeID }
            guard case .array(let items) = try send(["HELLO"]), items.count > 1, let id = items[1].string else {
                throw TestFailure("HELLO on \(port) gave no node ID")
            }
            return id
        }
    }

    /// Sends `CLUSTER LEAVING yes|no`.
    public func setLeaving(_ leaving: Bool) throws {
        let reply = try send(["CLUSTER", "LEAVING", leaving ? "yes" : "no"])
        guard reply == .status("OK") else { throw TestFailure("CLUSTER LEAVING on \(port): \(reply)") }
    }

    /// Sends one command over a fresh link (after AUTH when the node has a
    /// password) and returns the reply: the test's own view of the node.
    public func send(_ arguments: [String]) throws -> RESPValue {
        let client = try rawClient(timeoutSeconds: 10)
        do {
            return try client.callArray(arguments)
        } catch {
            throw TestFailure("\(arguments.first ?? "") on 127.0.0.1:\(port): \(error)\n\(logTail())")
        }
    }

    /// A raw RESP link to the node, authenticated when the node has a password.
    public func rawClient(timeoutSeconds: Int = 5) throws -> RawClient {
        let client = try RawClient(port: port, timeoutSeconds: timeoutSeconds)
        if let password {
            let reply = try client.call("AUTH", password)
            guard reply == .status("OK") else { throw TestFailure("AUTH on \(port): \(reply)") }
        }
        return client
    }

    // MARK: - Starting

    private func start() throws {
        switch backend {
        case .miniDisque:
            var configuration = MiniDisqueConfiguration(host: "127.0.0.1", port: port, password: password,
                                                        unixSocketPath: unixSocketPath)
            configure(&configuration)
            let server = MiniDisqueServer(configuration: configuration)
            do { try server.start() } catch { throw TestFailure("MiniDisque on \(port): \(error)") }
            miniServer = server
        case .realServer(let executable):
            var arguments = ["--port", "\(port)", "--bind", "127.0.0.1", "--dir", directory,
                             "--appendonly", "no", "--daemonize", "no"]
            if let password { arguments += ["--requirepass", password] }
            if let unixSocketPath { arguments += ["--unixsocket", unixSocketPath] }
            let process = try ServerProcess(executable: executable, arguments: arguments,
                                            logPath: directory + "/server.log")
            self.process = process
            // A loaded 2-core machine can take a while to start a node.
            do {
                try waitUntil("disque-server listening on \(port)", timeout: .seconds(30)) {
                    guard process.isRunning else { throw TestFailure("disque-server exited") }
                    return LoopbackPorts.isListening(port)
                }
            } catch {
                throw TestFailure("\(error)\n--- \(directory)/server.log\n\(process.logTail())")
            }
        }
    }

    private func teardown() {
        miniServer?.stop()
        miniServer = nil
        if let process {
            // A node that died on its own is news: show why.
            if !process.isRunning { print("disque-server on \(port) had exited:\n\(process.logTail())") }
            process.kill(signal: SIGKILL)
        }
        process = nil
        if let unixSocketPath { unlink(unixSocketPath) }
    }
}

extension TestNode {
    /// `blocked_clients` from INFO clients: how many links wait in GETJOB.
    public func blockedClients() throws -> Int { try clientsFigure("blocked_clients") }

    /// INFO's `connected_clients`: links open to the node now, the asking one included.
    public func connectedClients() throws -> Int { try clientsFigure("connected_clients") }

    private func clientsFigure(_ name: String) throws -> Int {
        let text = try send(["INFO", "clients"]).string ?? ""
        let line = text.split(separator: "\r\n").first { $0.hasPrefix(name + ":") } ?? ""
        guard let count = Int(line.split(separator: ":").last ?? "") else {
            throw TestFailure("no \(name) in INFO on \(port)")
        }
        return count
    }

    /// Waits until `count` clients are blocked on the node.
    public func waitForBlockedClients(_ count: Int, timeout: Duration = .seconds(10)) throws {
        try waitUntil("\(count) blocked clients on \(port)", timeout: timeout) { try blockedClients() == count }
    }
}

import Glibc
import Synchronization

/// A Disque 1.0-rc1 compatible node in this process: one epoll loop on one
/// thread, like the real server. Use `start()` to run it in the background
/// (tests, `disque-cli --embedded`) or `run()` to serve on the calling thread
/// until SHUTDOWN (the `minidisque` executable).
public final class MiniDisqueServer: @unchecked Sendable {
    private enum Phase { case idle, running, stopped }

    private let configuration: MiniDisqueConfiguration
    /// 40 hex chars, fixed for the life of this object.
    public let nodeID: String
    /// `wakeFD` is the sending end of the socket pair that ends the loop (the loop owns the other end).
    private let state = Mutex<(phase: Phase, port: Int, wakeFD: Int32, thread: pthread_t?)>((.idle, 0, -1, nil))

    public init(configuration: MiniDisqueConfiguration) {
        self.configuration = configuration
        nodeID = randomHex(count: 40)
    }

    deinit { stop() }

    /// The port actually bound (useful after asking for port 0); 0 before start.
    public var port: Int { state.withLock { $0.port } }

    /// Binds, then runs the loop on a background thread; returns once listening.
    public func start() throws(MiniDisqueError) {
        let loop = try prepare()
        let box = Unmanaged.passRetained(loop).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(&thread, nil, { raw in
            let loop = Unmanaged<EventLoop>.fromOpaque(raw!).takeRetainedValue()
            loop.run()
            return nil
        }, box)
        guard status == 0 else {
            Unmanaged<EventLoop>.fromOpaque(box).release()
            throw MiniDisqueError("cannot start the server thread: \(Listener.errorText(status))")
        }
        state.withLock { $0.thread = thread }
    }

    /// Binds and serves on the calling thread until SHUTDOWN or `stop()`.
    /// `onReady` runs once the listeners are bound (`port` is known), before serving.
    public func run(onReady: (() -> Void)? = nil) throws(MiniDisqueError) {
        let loop = try prepare()
        onReady?()
        loop.run()
        state.withLock { $0.phase = .stopped }
    }

    /// Closes the listeners and every client and waits for the loop to end. Idempotent.
    public func stop() {
        let (wakeFD, thread) = state.withLock { current -> (Int32, pthread_t?) in
            let result = (current.wakeFD, current.thread)
            current.phase = .stopped
            current.thread = nil
            current.wakeFD = -1
            return result
        }
        guard wakeFD >= 0 else { return }
        var byte: UInt8 = 1
        // A socket, not a pipe: if the loop is already gone this is EPIPE, never SIGPIPE.
        _ = send(wakeFD, &byte, 1, Int32(MSG_NOSIGNAL))
        if let thread, pthread_equal(thread, pthread_self()) == 0 { pthread_join(thread, nil) }
        close(wakeFD)
    }

    private func prepare() throws(MiniDisqueError) -> EventLoop {
        try state.withLock { current throws(MiniDisqueError) in
            guard current.phase == .idle else { throw MiniDisqueError("this MiniDisqueServer was already started") }
            current.phase = .running
        }
        var listeners: [(fd: Int32, isUnix: Bool)] = []
        do throws(MiniDisqueError) {
            let tcp = try Listener.tcp(host: configuration.host, port: configuration.port)
            listeners.append((tcp.fd, false))
            if let path = configuration.unixSocketPath {
                listeners.append((try Listener.unix(path: path), true))
            }
            var wakePair: [Int32] = [-1, -1]
            guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &wakePair) == 0 else {
                throw MiniDisqueError("socketpair(): \(Listener.errorText())")
            }
            let node = DisqueNode(nodeID: nodeID, port: tcp.port, password: configuration.password,
                                  unixSocketPath: configuration.unixSocketPath)
            let loop = EventLoop(node: node, listeners: listeners,
                                 unixSocketPath: configuration.unixSocketPath, wakeFD: wakePair[0])
            state.withLock {
                $0.port = tcp.port
                $0.wakeFD = wakePair[1]
            }
            return loop
        } catch {
            for listener in listeners { close(listener.fd) }
            state.withLock { $0.phase = .idle }
            throw error
        }
    }
}

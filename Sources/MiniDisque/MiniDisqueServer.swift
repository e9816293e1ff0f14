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
    /// `wakeFD` is the sending end of the socket pair that wakes and ends the loop (the loop owns the other end).
    private let state = Mutex<(phase: Phase, port: Int, wakeFD: Int32, thread: pthread_t?)>((.idle, 0, -1, nil))
    /// This server's registration with a manual clock, so advancing it wakes the loop.
    private let clockWaker = Mutex<UInt64?>(nil)

    public init(configuration: MiniDisqueConfiguration) {
        self.configuration = configuration
        nodeID = randomHex(count: 40)
    }

    deinit { stop() }

    /// The clock the node runs on (`configuration.clock`); advance a manual one to move the node's time.
    public var clock: MiniDisqueClock { configuration.clock }

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
        configuration.clock.removeWaker(clockWaker.withLock { $0.take() })
    }

    /// Closes the listeners and every client and waits for the loop to end. Idempotent.
    public func stop() {
        configuration.clock.removeWaker(clockWaker.withLock { $0.take() })
        let (wakeFD, thread) = state.withLock { current -> (Int32, pthread_t?) in
            let result = (current.wakeFD, current.thread)
            current.phase = .stopped
            current.thread = nil
            current.wakeFD = -1
            return result
        }
        guard wakeFD >= 0 else { return }
        // End of file tells the loop to stop, even when clock wake-ups filled the
        // socket buffer. A socket, not a pipe: a loop already gone is no SIGPIPE.
        shutdown(wakeFD, Int32(SHUT_WR))
        if let thread, pthread_equal(thread, pthread_self()) == 0 { pthread_join(thread, nil) }
        close(wakeFD)
    }

    /// One byte on the wake socket: the loop re-reads the clock and fires what became due.
    private func wakeLoop() {
        state.withLock { current in
            guard current.wakeFD >= 0 else { return }
            var byte: UInt8 = 1
            _ = send(current.wakeFD, &byte, 1, Int32(MSG_NOSIGNAL)) // EAGAIN: a wake-up is pending anyway
        }
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
            // Non-blocking both ways: a clock wake-up never blocks the test thread, and the loop drains them all.
            Listener.setNonBlocking(wakePair[0])
            Listener.setNonBlocking(wakePair[1])
            let node = DisqueNode(nodeID: nodeID, port: tcp.port, password: configuration.password,
                                  unixSocketPath: configuration.unixSocketPath, clock: configuration.clock,
                                  maxClients: max(1, configuration.maxClients))
            let loop: EventLoop
            do throws(MiniDisqueError) {
                loop = try EventLoop(node: node, listeners: listeners, unixSocketPath: configuration.unixSocketPath,
                                     wakeFD: wakePair[0], maxClients: configuration.maxClients)
            } catch {
                close(wakePair[0])
                close(wakePair[1])
                throw error
            }
            state.withLock {
                $0.port = tcp.port
                $0.wakeFD = wakePair[1]
            }
            let token = configuration.clock.addWaker { [weak self] in self?.wakeLoop() }
            clockWaker.withLock { $0 = token }
            return loop
        } catch {
            for listener in listeners { close(listener.fd) }
            state.withLock { $0.phase = .idle }
            throw error
        }
    }
}

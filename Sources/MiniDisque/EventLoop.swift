import Glibc

/// The single-threaded event loop, like Disque's ae: accepts clients, reads
/// requests, runs them against the node, writes replies in batches, and
/// sleeps in epoll until the next socket event or the next job/GETJOB
/// deadline. All node state is touched only from this loop's thread.
final class EventLoop {
    /// Receiving end of the socket pair other threads wake the loop through:
    /// a byte means "look at the clock again" (a manual clock moved), end of
    /// file means `MiniDisqueServer.stop()`.
    private let wakeFD: Int32
    private var listeners: [(fd: Int32, isUnix: Bool)]
    private let unixSocketPath: String?
    private let poller: EventPoller
    private let maxClients: Int
    private var clients: [Int32: ClientConnection] = [:]
    private let pending = PendingWrites()
    /// Clients a GETJOB reply just unblocked: their pipelined input waits to be run.
    var unblockedClients: [ClientConnection] = []
    private var nextClientID: Int64 = 1
    private var scratch = [UInt8](repeating: 0, count: 64 * 1024)
    /// Disque's PROTO_MAX_QUERYBUF_LEN.
    static let maxQueryBuffer = 1024 * 1024 * 1024
    private(set) var shutdownRequested = false
    /// Out of file descriptors: stop watching the listeners for a while (real
    /// monotonic ms, whatever the node's clock), or their pending connections
    /// would wake epoll in a busy loop. 0 = not paused.
    private var acceptPausedUntil: Int64 = 0
    let node: DisqueNode

    var stats = LoopStats()

    init(node: DisqueNode, listeners: [(fd: Int32, isUnix: Bool)], unixSocketPath: String?,
         wakeFD: Int32, maxClients: Int) throws(MiniDisqueError) {
        self.node = node
        self.listeners = listeners
        self.unixSocketPath = unixSocketPath
        self.wakeFD = wakeFD
        self.maxClients = max(1, maxClients)
        poller = try EventPoller()
        poller.add(wakeFD)
        for listener in listeners { poller.add(listener.fd) }
        node.loop = self
    }

    var connectedClients: [ClientConnection] { Array(clients.values).sorted { $0.id < $1.id } }
    var clientCount: Int { clients.count }

    /// Runs until `stop()` closes the wake socket or a client sends SHUTDOWN.
    /// Each turn: wait, fire what the clock made due (first, so a command sent
    /// after a manual clock moved sees the timers it fired), serve the sockets
    /// that are ready, then flush the replies.
    func run() {
        var running = true
        while running && !shutdownRequested {
            resumeAcceptingIfDue()
            var timeout = node.millisecondsUntilNextTimer(now: node.clock.milliseconds)
            if acceptPausedUntil != 0 {
                let left = Int32(clamping: max(0, acceptPausedUntil - Clock.monotonicMilliseconds()))
                timeout = timeout < 0 ? left : min(timeout, left)
            }
            let count = poller.wait(timeout: timeout)
            if count < 0 && errno != EINTR { break }
            node.runTimers(now: node.clock.milliseconds)
            for i in 0..<max(0, count) {
                let event = poller.event(at: i)
                if let client = clients[event.fd] {
                    if event.readable { readFrom(client) }
                    if event.writable && !client.closed { write(client) }
                } else if event.fd == wakeFD {
                    running = drainWakeSocket()
                } else if let listener = listeners.first(where: { $0.fd == event.fd }) {
                    acceptClients(listener.fd, isUnix: listener.isUnix)
                }
            }
            runUnblockedClients()
            flushPendingWrites()
        }
        tearDown()
    }

    /// Reads the wake-up bytes; false once the other end is shut (stop()).
    private func drainWakeSocket() -> Bool {
        var bytes = [UInt8](repeating: 0, count: 256)
        while true {
            let n = bytes.withUnsafeMutableBytes { recv(wakeFD, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if n > 0 { continue }
            if n < 0 && errno == EINTR { continue }
            return n < 0 && errno == EAGAIN
        }
    }

    private func resumeAcceptingIfDue() {
        guard acceptPausedUntil != 0, Clock.monotonicMilliseconds() >= acceptPausedUntil else { return }
        acceptPausedUntil = 0
        for listener in listeners { poller.add(listener.fd) }
    }

    /// CLIENT KILL of another client: closed when this turn's writes are flushed.
    func scheduleClose(_ client: ClientConnection) {
        guard !client.queuedForWrite, !client.closed else { return }
        client.queuedForWrite = true
        pending.clients.append(client)
    }

    /// SHUTDOWN: stop after this loop turn; replies already queued are dropped like the real server.
    func requestShutdown() { shutdownRequested = true }

    // MARK: - Clients

    private func acceptClients(_ listenFD: Int32, isUnix: Bool) {
        while true {
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let fd = withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { accept(listenFD, $0, &length) }
            }
            guard fd >= 0 else {
                if (errno == EMFILE || errno == ENFILE) && acceptPausedUntil == 0 {
                    acceptPausedUntil = Clock.monotonicMilliseconds() + 100
                    for listener in listeners { poller.remove(listener.fd) }
                }
                return // EAGAIN: accepted everything pending
            }
            Listener.setNonBlocking(fd)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            // Like acceptCommonHandler: one client over maxclients is told so and
            // closed at once, with a best-effort write into the fresh socket buffer.
            if clients.count >= maxClients {
                let refusal = Array("-ERR max number of clients reached\r\n".utf8)
                _ = refusal.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                close(fd)
                stats.rejectedConnections += 1
                continue
            }
            var yes: Int32 = 1
            if !isUnix { setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size)) }
            guard poller.add(fd) else {
                close(fd)
                continue
            }
            let address = isUnix ? "\(unixSocketPath ?? ""):0" : Listener.peerAddress(storage)
            let client = ClientConnection(id: nextClientID, fd: fd, address: address, isUnixSocket: isUnix,
                                          authenticated: node.password == nil,
                                          now: node.clock.milliseconds, pending: pending)
            nextClientID += 1
            clients[fd] = client
            stats.connectionsReceived += 1
        }
    }

    private func readFrom(_ client: ClientConnection) {
        let n = scratch.withUnsafeMutableBytes { recv(client.fd, $0.baseAddress, $0.count, 0) }
        if n > 0 {
            client.input.append(contentsOf: scratch[0..<n])
            stats.inputBytes += Int64(n)
            client.lastInteraction = node.clock.milliseconds
            // The server's client-max-querybuf-len: a client that piles up more than
            // 1 GB unparsed (a blocked GETJOB with a pipeline behind it) is dropped.
            if client.pendingInputCount > Self.maxQueryBuffer { return disconnect(client) }
            process(client)
        } else if n == 0 || (errno != EAGAIN && errno != EINTR) {
            disconnect(client)
        }
    }

    /// Runs every complete request in the client's buffer, in order, until it
    /// blocks (GETJOB), asks to close, or input runs out.
    func process(_ client: ClientConnection) {
        while !client.closed && client.blocked == nil && !client.closeAfterReply && !client.closeASAP {
            switch client.parser.next(client.input, &client.inputIndex) {
            case .incomplete:
                client.compactInput()
                return
            case .empty:
                continue
            case .protocolError(let message, let quoted, let suffix):
                client.addError("ERR " + message, quoting: quoted, suffix)
                client.closeAfterReply = true
            case .request(let arguments):
                node.execute(arguments, for: client)
                node.serveReadyQueues()
                if shutdownRequested { return }
            }
        }
        client.compactInput()
    }

    private func runUnblockedClients() {
        while !unblockedClients.isEmpty {
            let batch = unblockedClients
            unblockedClients.removeAll()
            for client in batch where !client.closed && client.blocked == nil && client.pendingInputCount > 0 {
                process(client)
            }
        }
    }

    func disconnect(_ client: ClientConnection) {
        guard !client.closed else { return }
        node.clientDisconnected(client)
        client.closed = true
        poller.remove(client.fd)
        close(client.fd)
        clients.removeValue(forKey: client.fd)
    }

    // MARK: - Writing

    private func flushPendingWrites() {
        while !pending.clients.isEmpty {
            let batch = pending.clients
            pending.clients.removeAll(keepingCapacity: true)
            for client in batch {
                client.queuedForWrite = false
                if client.closeASAP { disconnect(client); continue }
                if !client.closed { write(client) }
            }
        }
    }

    private func write(_ client: ClientConnection) {
        while client.outputIndex < client.output.count {
            let n = client.output.withUnsafeBytes { raw in
                send(client.fd, raw.baseAddress! + client.outputIndex, raw.count - client.outputIndex,
                     Int32(MSG_NOSIGNAL))
            }
            if n > 0 {
                client.outputIndex += n
                stats.outputBytes += Int64(n)
            } else if n < 0 && errno == EINTR {
                continue
            } else if n < 0 && errno == EAGAIN {
                if !client.wantsWritable { // watch for room to write until the rest is sent
                    client.wantsWritable = true
                    poller.update(client.fd, writable: true)
                }
                return
            } else {
                disconnect(client)
                return
            }
        }
        client.output.removeAll(keepingCapacity: client.output.capacity <= 1 << 20)
        client.outputIndex = 0
        if client.wantsWritable {
            client.wantsWritable = false
            poller.update(client.fd, writable: false)
        }
        if client.closeAfterReply { disconnect(client) }
    }

    private func tearDown() {
        // Listeners first: once a client sees its connection close, new connects are refused.
        for listener in listeners { close(listener.fd) }
        listeners.removeAll()
        if let path = unixSocketPath { unlink(path) }
        for client in Array(clients.values) { disconnect(client) }
        close(wakeFD)
    }
}

/// Connection and traffic counters for INFO stats.
struct LoopStats {
    var connectionsReceived: Int64 = 0
    var inputBytes: Int64 = 0
    var outputBytes: Int64 = 0
    /// Connections refused over maxclients (INFO rejected_connections).
    var rejectedConnections: Int64 = 0
}

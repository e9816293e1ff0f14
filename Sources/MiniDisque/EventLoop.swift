import Glibc

/// The single-threaded event loop, like Disque's ae: accepts clients, reads
/// requests, runs them against the node, writes replies in batches, and
/// sleeps in poll(2) until the next socket event or the next job/GETJOB
/// deadline. All node state is touched only from this loop's thread.
/// poll rather than epoll: Swift's Glibc module does not export epoll, and
/// with the tens of clients a test node sees the difference does not show.
final class EventLoop {
    /// Receiving end of the socket pair `MiniDisqueServer.stop()` writes to from another thread.
    private let wakeFD: Int32
    private var listeners: [(fd: Int32, isUnix: Bool)]
    private let unixSocketPath: String?
    private var clients: [Int32: ClientConnection] = [:]
    private let pending = PendingWrites()
    /// Clients a GETJOB reply just unblocked: their pipelined input waits to be run.
    var unblockedClients: [ClientConnection] = []
    private var nextClientID: Int64 = 1
    private var scratch = [UInt8](repeating: 0, count: 64 * 1024)
    private(set) var shutdownRequested = false
    /// Out of file descriptors: stop polling the listeners for a while, or
    /// their pending connections would wake poll() in a busy loop.
    private var acceptPausedUntil: Int64 = 0
    let node: DisqueNode

    var stats = LoopStats()

    init(node: DisqueNode, listeners: [(fd: Int32, isUnix: Bool)], unixSocketPath: String?,
         wakeFD: Int32) {
        self.node = node
        self.listeners = listeners
        self.unixSocketPath = unixSocketPath
        self.wakeFD = wakeFD
        node.loop = self
    }

    var connectedClients: [ClientConnection] { Array(clients.values).sorted { $0.id < $1.id } }

    /// Runs until `stop()` signals the wake pipe or a client sends SHUTDOWN.
    func run() {
        var fds: [pollfd] = []
        var owners: [ClientConnection?] = []
        var running = true
        while running && !shutdownRequested {
            fds.removeAll(keepingCapacity: true)
            owners.removeAll(keepingCapacity: true)
            fds.append(pollfd(fd: wakeFD, events: Int16(POLLIN), revents: 0))
            owners.append(nil)
            if Clock.milliseconds() >= acceptPausedUntil {
                for listener in listeners {
                    fds.append(pollfd(fd: listener.fd, events: Int16(POLLIN), revents: 0))
                    owners.append(nil)
                }
            }
            for client in clients.values {
                let events = Int16(POLLIN) | (client.wantsWritable ? Int16(POLLOUT) : 0)
                fds.append(pollfd(fd: client.fd, events: events, revents: 0))
                owners.append(client)
            }
            let now = Clock.milliseconds()
            var timeout = node.millisecondsUntilNextTimer(now: now)
            if acceptPausedUntil > now { timeout = min(timeout, Int32(acceptPausedUntil - now)) }
            let count = poll(&fds, nfds_t(fds.count), timeout)
            if count < 0 && errno != EINTR { break }
            if count > 0 {
                for i in fds.indices where fds[i].revents != 0 {
                    let flags = fds[i].revents
                    if let client = owners[i] {
                        if client.closed { continue }
                        if flags & Int16(POLLIN | POLLHUP | POLLERR) != 0 { readFrom(client) }
                        if flags & Int16(POLLOUT) != 0 && !client.closed { write(client) }
                    } else if fds[i].fd == wakeFD {
                        running = false
                    } else if let listener = listeners.first(where: { $0.fd == fds[i].fd }) {
                        acceptClients(listener.fd, isUnix: listener.isUnix)
                    }
                }
            }
            node.runTimers(now: Clock.milliseconds())
            runUnblockedClients()
            flushPendingWrites()
        }
        tearDown()
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
                if errno == EMFILE || errno == ENFILE { acceptPausedUntil = Clock.milliseconds() + 100 }
                return // EAGAIN: accepted everything pending
            }
            Listener.setNonBlocking(fd)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            var yes: Int32 = 1
            if !isUnix { setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size)) }
            let address = isUnix ? "\(unixSocketPath ?? ""):0" : Listener.peerAddress(storage)
            let client = ClientConnection(id: nextClientID, fd: fd, address: address, isUnixSocket: isUnix,
                                          authenticated: node.password == nil,
                                          now: Clock.milliseconds(), pending: pending)
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
            client.lastInteraction = Clock.milliseconds()
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
            case .protocolError(let message):
                client.addError("ERR " + message)
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
                client.wantsWritable = true // poll for POLLOUT until the rest is sent
                return
            } else {
                disconnect(client)
                return
            }
        }
        client.output.removeAll(keepingCapacity: client.output.capacity <= 1 << 20)
        client.outputIndex = 0
        client.wantsWritable = false
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
}

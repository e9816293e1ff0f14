#if canImport(Glibc)
import Glibc
#endif
import Disque
import NIOCore
import NIOPosix
import Synchronization

/// One NIO channel to one node. Sendable: any task may send on it; the
/// handler keeps replies in command order, so commands from many tasks are
/// pipelined on the wire and never get each other's replies.
final class NodeConnection: Sendable {
    let endpoint: DisqueEndpoint
    let channel: any Channel
    private let handler: ReplyMatchingHandler
    private let readTimeout: Duration?
    /// Commands sent and not yet answered, for picking the least busy link.
    private let owed = Atomic<Int>(0)

    private init(endpoint: DisqueEndpoint, channel: any Channel, handler: ReplyMatchingHandler,
                 readTimeout: Duration?) {
        self.endpoint = endpoint
        self.channel = channel
        self.handler = handler
        self.readTimeout = readTimeout
    }

    /// Connects within `settings.connectTimeout` and sends AUTH when there is a password.
    static func connect(to endpoint: DisqueEndpoint, settings: ConnectionSettings,
                        on eventLoop: any EventLoop) async throws -> NodeConnection {
        let handler = ReplyMatchingHandler(endpoint: endpoint)
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(.nanoseconds(Int64(settings.connectTimeout.wholeMilliseconds(roundingUp: true)) * 1_000_000))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
        let channel: any Channel
        do {
            switch endpoint {
            case .tcp(let host, let port):
                let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
                if let address = try? SocketAddress(ipAddress: bare, port: port) {
                    channel = try await bootstrap.channelOption(.socketOption(.tcp_nodelay), value: 1)
                        .connect(to: address).get()
                } else {
                    channel = try await bootstrap.channelOption(.socketOption(.tcp_nodelay), value: 1)
                        .connect(host: bare, port: port).get()
                }
            case .unix(let path):
                channel = try await bootstrap.connect(unixDomainSocketPath: path).get()
            }
        } catch {
            throw DisqueError.connection(connectFailure(error, endpoint))
        }
        let connection = NodeConnection(endpoint: endpoint, channel: channel, handler: handler,
                                        readTimeout: settings.readTimeout)
        if let password = settings.password {
            let reply: RESPValue
            do {
                reply = try await connection.send([Array("AUTH".utf8), Array(password.utf8)], name: "AUTH",
                                                  isIdempotent: true, wait: .standard)
            } catch {
                connection.close()
                throw error
            }
            if case .error(let line) = reply {
                connection.close()
                throw DisqueError.reply(errorLine: line)
            }
        }
        return connection
    }

    var isActive: Bool { channel.isActive }

    /// Replies still owed on this link.
    var load: Int { owed.load(ordering: .relaxed) }

    /// Writes one command and waits for its reply (an error reply comes back
    /// as `.error`). Cancelling the task ends the wait at once with
    /// `CancellationError`; the reply, when it comes, is read and dropped, so
    /// the link stays in step. `abandonable: false` waits for the reply even
    /// then (GETJOB NOHANG: its jobs must come back to be queued again).
    func send(_ arguments: [[UInt8]], name: String, isIdempotent: Bool, wait: ReplyWait,
              abandonable: Bool = true) async throws -> RESPValue {
        if abandonable { try Task.checkCancellation() }  // cancelled already: nothing is sent
        owed.add(1, ordering: .relaxed)
        defer { owed.subtract(1, ordering: .relaxed) }
        let reply = PendingReply(name: name, isIdempotent: isIdempotent,
                                 deadline: wait.deadline(readTimeout: readTimeout))
        let command = encoded(arguments)
        guard abandonable else { return try await write(command, reply) }
        let eventLoop = channel.eventLoop
        return try await withTaskCancellationHandler {
            try await write(command, reply)
        } onCancel: {
            eventLoop.execute { reply.abandon() }
        }
    }

    /// Hands the command and the caller's continuation to the handler in one
    /// loop job (at once when the caller runs on the loop already).
    private func write(_ command: ByteBuffer, _ reply: PendingReply) async throws -> RESPValue {
        let handler = self.handler, eventLoop = channel.eventLoop
        return try await withUnsafeThrowingContinuation { continuation in
            if eventLoop.inEventLoop {
                handler.write(command, reply, answering: continuation)
            } else {
                eventLoop.execute { handler.write(command, reply, answering: continuation) }
            }
        }
    }

    private func encoded(_ arguments: [[UInt8]]) -> ByteBuffer {
        var buffer = channel.allocator.buffer(capacity: Self.encodedSize(arguments))
        var bytes: [UInt8] = []
        bytes.reserveCapacity(buffer.capacity)
        RESPEncoder.encodeCommand(arguments, into: &bytes)
        buffer.writeBytes(bytes)
        return buffer
    }

    /// An upper bound of the RESP size of a command.
    private static func encodedSize(_ arguments: [[UInt8]]) -> Int {
        var size = 16
        for argument in arguments { size += argument.count + 24 }
        return size
    }

    /// As `send`, but cancelling the task closes the link at once, which
    /// fails the wait: for GETJOB, which may block for long. The server drops
    /// a blocked client whose link closes, so no job is handed to it.
    func sendBlocking(_ arguments: [[UInt8]], name: String, isIdempotent: Bool, wait: ReplyWait) async throws -> RESPValue {
        try await withTaskCancellationHandler {
            try Task.checkCancellation()
            return try await send(arguments, name: name, isIdempotent: isIdempotent, wait: wait, abandonable: false)
        } onCancel: {
            close(because: ConnectionFailure(.notConnected, "Cancelled; the connection to \(endpoint) was closed"))
        }
    }

    func close() {
        close(because: ConnectionFailure(.notConnected, "The connection to Disque at \(endpoint) was closed"))
    }

    func close(because failure: ConnectionFailure) {
        let handler = self.handler
        channel.eventLoop.execute { handler.close(because: failure) }
    }

    private static func connectFailure(_ error: any Error, _ endpoint: DisqueEndpoint) -> ConnectionFailure {
        let prefix = "Could not connect to Disque at \(endpoint)"
        if let error = error as? NIOConnectionError {
            if error.dnsAError != nil && error.dnsAAAAError != nil, error.connectionErrors.isEmpty {
                return ConnectionFailure(.unresolved, "\(prefix): the host name did not resolve")
            }
            if let first = error.connectionErrors.first { return connectFailure(first.error, endpoint) }
        }
        if let error = error as? IOError {
            let kind: ConnectionFailure.Kind = error.errnoCode == ECONNREFUSED || error.errnoCode == ENOENT
                ? .refused : .failed
            let reason = kind == .refused ? "connection refused" : String(cString: strerror(error.errnoCode))
            return ConnectionFailure(kind, "\(prefix): \(reason)", errno: error.errnoCode)
        }
        if case ChannelError.connectTimeout = error {
            return ConnectionFailure(.timedOut, "\(prefix): timed out")
        }
        return ConnectionFailure(.failed, "\(prefix): \(error)")
    }
}

extension ReplyWait {
    /// When the wait ends on the event loop's clock; nil when it does not.
    func deadline(readTimeout: Duration?) -> NIODeadline? {
        guard let limit = limit(readTimeout: readTimeout) else { return nil }
        return .now() + .nanoseconds(limit.wholeMilliseconds(roundingUp: true) * 1_000_000)
    }
}

#if canImport(Glibc)
import Glibc
#endif
import RESP

/// One blocking connection to a Disque node. Synchronous: use it from one
/// thread at a time. It connects (and authenticates) on creation, sends
/// commands, reads replies, and replaces a broken link once when that is safe.
///
/// Reconnect policy: a link found dead *before* a command is written is
/// replaced and the command sent on the new one. A link that breaks *after*
/// a command was written is replaced and the command re-sent only when the
/// command table says it is idempotent; anything else (ADDJOB, GETJOB, NACK…)
/// is reported with `DisqueError.notSentMayHaveReachedServer`, never repeated —
/// and so is a reply that does not come within the read timeout after such a
/// command was written: the server may still have run it.
public final class DisqueConnection {
    public let options: DisqueConnectionOptions
    /// Sees every command sent and every reply received, in order.
    public var echo: ((EchoEvent) -> Void)?
    /// A descriptor polled alongside the socket whenever the connection
    /// waits. When it becomes readable the link is dropped and the call
    /// throws `.interrupted`. It is never read from: its owner drains it.
    public var interruptDescriptor: Int32?

    var socket: DisqueSocket?
    var decoder = RESPDecoder()
    let readBuffer: UnsafeMutableRawBufferPointer
    /// Encoded commands enqueued but not yet written.
    var outBuffer: [UInt8] = []
    /// Commands whose replies have not been read yet, oldest first from `awaitingHead`;
    /// the first `inFlight` of them have been written.
    var awaiting: [ResolvedCommand] = []
    var awaitingHead = 0
    var inFlight = 0
    /// Replies read for pipelined commands while `send` needed the link to itself.
    var earlyReplies: [(command: ResolvedCommand?, reply: RESPValue)] = []

    static let readBufferSize = 32 * 1024

    /// Connects, and sends AUTH when the options carry a password.
    public init(options: DisqueConnectionOptions = DisqueConnectionOptions(),
                interruptDescriptor: Int32? = nil) throws(DisqueError) {
        self.options = options
        self.interruptDescriptor = interruptDescriptor
        readBuffer = .allocate(byteCount: Self.readBufferSize, alignment: 16)
        try connect()
    }

    deinit {
        socket?.close()
        readBuffer.deallocate()
    }

    /// True while a link is open (it may still turn out to be broken).
    public var isConnected: Bool { socket != nil }

    /// The server's answer when a password was given but it has none
    /// ("ERR Client sent AUTH, but no password is set"): the link works, as
    /// with redis-cli, and this says so for the caller to show as a warning.
    public private(set) var authenticationWarning: String?

    /// Replies still to be read with `readReply()` for enqueued commands.
    public var pendingReplyCount: Int { earlyReplies.count + awaiting.count - awaitingHead }

    /// Closes the link. A later command reconnects when `options.reconnect` is set.
    public func close() {
        dropLink()
        earlyReplies.removeAll()
    }

    /// Drops the current link (if any) and connects again, with AUTH.
    public func reconnect() throws(DisqueError) {
        close()
        try connect()
    }

    // MARK: - Raw commands

    /// Sends one command and returns its reply as is: a server error comes
    /// back as an `.error` value, not thrown.
    public func send(_ arguments: [String]) throws(DisqueError) -> RESPValue {
        try send(bytes: arguments.map { Array($0.utf8) })
    }

    /// Checks the arguments against the command table first (commands not in
    /// the table pass unchecked), then sends; a misfit throws `.validation`
    /// and nothing reaches the server.
    public func send(_ arguments: [String], validate: Bool) throws(DisqueError) -> RESPValue {
        guard validate else { return try send(arguments) }
        let command: ResolvedCommand
        do {
            command = try ResolvedCommand(validating: arguments.map { Array($0.utf8) })
        } catch {
            throw .validation(error)
        }
        return try send(command)
    }

    /// Sends one command given as raw byte strings (binary-safe job bodies).
    public func send(bytes arguments: [[UInt8]]) throws(DisqueError) -> RESPValue {
        try send(ResolvedCommand(arguments))
    }

    /// Sends a command resolved by the caller (validated or not): its wait
    /// and re-send rule come with it. The reply comes back as is.
    public func send(_ command: ResolvedCommand) throws(DisqueError) -> RESPValue {
        try perform(command)
    }

    func deadline(for wait: ReplyWait) -> Deadline {
        .after(wait.limit(readTimeout: options.readTimeout))
    }

    /// Writes one command and reads its reply (waiting as long as `resolved.wait`
    /// says), applying the reconnect policy.
    func perform(_ resolved: ResolvedCommand) throws(DisqueError) -> RESPValue {
        try settleOutstandingReplies()
        var command: [UInt8] = []
        resolved.encode(into: &command)
        var mayReconnect = options.reconnect
        while true {
            try ensureLiveLink(mayReconnect: &mayReconnect)
            emitSent(resolved.arguments)
            var written = 0
            do {
                try writeAll(command, written: &written, until: .after(options.writeTimeout))
            } catch {
                dropLink()
                // A failed write never completed the command, so the server cannot have run it.
                if case .failure(let failure) = error, failure.kind == .lost, mayReconnect {
                    mayReconnect = false
                    try connect()
                    continue
                }
                throw Self.publicError(error)
            }
            do {
                let reply = try readValue(until: deadline(for: resolved.wait))
                echo?(.received(reply))
                return reply
            } catch {
                dropLink()
                guard case .failure(let failure) = error else { throw Self.publicError(error) }
                // Once written, a command that changes state may have run, whether the link
                // broke or the reply was merely late (a read timeout after ADDJOB): never
                // report that as a plain, retryable connection failure.
                guard resolved.isIdempotent else {
                    throw .notSentMayHaveReachedServer(command: resolved.name, reason: failure)
                }
                guard failure.kind == .lost, mayReconnect else { throw .connection(failure) }
                mayReconnect = false
                try connect()
            }
        }
    }

    /// Sends a command for the typed API: an error reply is thrown as `.reply`.
    func call(_ arguments: [String]) throws(DisqueError) -> RESPValue {
        try call(bytes: arguments.map { Array($0.utf8) })
    }

    /// The wait is the table's rule for the command (`ResolvedCommand.wait`).
    func call(bytes arguments: [[UInt8]]) throws(DisqueError) -> RESPValue {
        let reply = try perform(ResolvedCommand(arguments))
        if case .error(let line) = reply { throw DisqueError.reply(errorLine: line) }
        return reply
    }

    // MARK: - Link management

    func connect() throws(DisqueError) {
        do {
            socket = try DisqueSocket.connect(to: options.endpoint, timeout: options.connectTimeout,
                                              interrupt: interruptDescriptor)
        } catch {
            throw Self.publicError(error)
        }
        decoder = RESPDecoder()
        if let password = options.password { try authenticate(password) }
    }

    /// AUTH on the fresh link; a refusal closes it and is thrown as `.reply`.
    private func authenticate(_ password: String) throws(DisqueError) {
        let arguments = [Array("AUTH".utf8), Array(password.utf8)]
        var command: [UInt8] = []
        RESPEncoder.encodeCommand(arguments, into: &command)
        emitSent(arguments)
        let reply: RESPValue
        do {
            var written = 0
            try writeAll(command, written: &written, until: .after(options.writeTimeout))
            reply = try readValue(until: .after(options.readTimeout))
        } catch {
            dropLink()
            throw Self.publicError(error)
        }
        echo?(.received(reply))
        if case .error(let line) = reply {
            // A node without a password serves everyone: nothing is refused.
            if line.hasPrefix("ERR Client sent AUTH, but no password is set") {
                authenticationWarning = line
                return
            }
            dropLink()
            throw DisqueError.reply(errorLine: line)
        }
    }

    /// The one rule for a link found dead before a command is written (the
    /// command is then provably unsent): it is replaced, once per command and
    /// only when the options allow and no earlier command awaits its reply;
    /// commands enqueued but unwritten survive. Otherwise the failure is thrown.
    func ensureLiveLink(mayReconnect: inout Bool) throws(DisqueError) {
        if let socket, !socket.isBroken { return }
        let failure = socket == nil ? notConnectedFailure() : lostFailure("server closed the connection")
        guard mayReconnect, inFlight == 0 else { throw lose(failure) }
        let batch = outBuffer, commands = awaiting, head = awaitingHead
        dropLink()
        mayReconnect = false
        try connect()
        outBuffer = batch
        awaiting = commands
        awaitingHead = head
    }

    /// Forgets the link and everything tied to it (unsent bytes, owed replies).
    func dropLink() {
        socket?.close()
        socket = nil
        decoder = RESPDecoder()
        outBuffer.removeAll(keepingCapacity: true)
        awaiting.removeAll(keepingCapacity: true)
        awaitingHead = 0
        inFlight = 0
    }

    func writeAll(_ bytes: [UInt8], written: inout Int, until deadline: Deadline) throws(LinkError) {
        guard let socket else { throw .failure(notConnectedFailure()) }
        let interrupt = interruptDescriptor
        let result: Result<Void, LinkError> = bytes.withUnsafeBytes { raw in
            do throws(LinkError) {
                try socket.write(raw, written: &written, until: deadline, interrupt: interrupt)
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try result.get()
    }

    /// The next complete value off the wire, reading as needed. `deadline`
    /// bounds the wait for the reply to start; once bytes flow, each further
    /// wait gets `options.readTimeout` afresh (a big reply is not cut off).
    func readValue(until deadline: Deadline) throws(LinkError) -> RESPValue {
        guard let socket else { throw .failure(notConnectedFailure()) }
        var deadline = deadline
        while true {
            do {
                if let value = try decoder.next() { return value }
            } catch {
                throw .malformed(error.description)
            }
            let count = try socket.read(into: readBuffer, until: deadline, interrupt: interruptDescriptor)
            decoder.feed(UnsafeRawBufferPointer(rebasing: readBuffer[..<count]))
            if let idle = options.readTimeout { deadline = .after(idle) }
        }
    }

    func emitSent(_ arguments: [[UInt8]]) {
        guard let echo else { return }
        echo(.sending(arguments))
    }

    func notConnectedFailure() -> ConnectionFailure {
        ConnectionFailure(.notConnected, "Not connected to Disque at \(options.endpoint)")
    }

    func lostFailure(_ reason: String) -> ConnectionFailure {
        ConnectionFailure(.lost, "Connection to Disque at \(options.endpoint) lost: \(reason)")
    }

    static func publicError(_ error: LinkError) -> DisqueError {
        switch error {
        case .failure(let failure): return .connection(failure)
        case .interrupted: return .interrupted
        case .malformed(let message):
            let prefix = "Protocol error: "
            return .protocol(message.hasPrefix(prefix) ? String(message.dropFirst(prefix.count)) : message)
        }
    }
}

/// Opens a connection, runs `body` with it and closes it, whatever happens.
public func withConnection<T>(_ options: DisqueConnectionOptions,
                              _ body: (DisqueConnection) throws -> T) throws -> T {
    let connection = try DisqueConnection(options: options)
    defer { connection.close() }
    return try body(connection)
}

import RESP

/// Pipelining: many commands written together, replies read back in order.
/// The streaming primitives (`enqueue`, `flush`, `readReply`, `writeRaw`)
/// let a caller keep a bounded window of commands in flight.
extension DisqueConnection {
    /// Sends all `commands` in one write, then reads one reply per command,
    /// in order. Error replies come back as `.error` values.
    public func pipeline(_ commands: [[String]]) throws(DisqueError) -> [RESPValue] {
        try pipeline(bytes: commands.map { $0.map { Array($0.utf8) } })
    }

    /// `pipeline(_:)` with binary-safe arguments.
    public func pipeline(bytes commands: [[[UInt8]]]) throws(DisqueError) -> [RESPValue] {
        try settleOutstandingReplies()
        for command in commands { enqueue(ResolvedCommand(command)) }
        try flush()
        var replies: [RESPValue] = []
        replies.reserveCapacity(commands.count)
        for _ in commands { replies.append(try readReplyFromWire().reply) }
        return replies
    }

    /// Queues a command to be written by the next `flush()` (or `readReply()`).
    public func enqueue(_ arguments: [[UInt8]]) {
        enqueue(ResolvedCommand(arguments))
    }

    /// `enqueue(_:)` with text arguments.
    public func enqueue(_ arguments: [String]) {
        enqueue(arguments.map { Array($0.utf8) })
    }

    /// Queues a command resolved by the caller; the echo hook sees it now.
    public func enqueue(_ command: ResolvedCommand) {
        emitSent(command.arguments)
        command.encode(into: &outBuffer)
        awaiting.append(command)
    }

    /// The command whose reply `readReply()` returns next (nil when none is
    /// awaited, or after `writeRaw`): a caller can tell a reply that may take
    /// long (`blocks`) before it waits.
    public var commandAwaitingReply: ResolvedCommand? {
        if let early = earlyReplies.first { return early.command }
        return awaitingHead < awaiting.count ? awaiting[awaitingHead] : nil
    }

    /// Bytes enqueued and not yet written: a caller streaming commands
    /// flushes when this grows, so one write carries many commands.
    public var unwrittenByteCount: Int { outBuffer.count }

    /// Writes every enqueued command. A link found dead before anything was
    /// written (and with no earlier replies owed) is replaced once; otherwise
    /// a broken link is reported and nothing is re-sent.
    public func flush() throws(DisqueError) {
        guard !outBuffer.isEmpty else { return }
        var mayReconnect = options.reconnect
        while true {
            try ensureLiveLink(mayReconnect: &mayReconnect)
            var written = 0
            do {
                try writeAll(outBuffer, written: &written, until: .after(options.writeTimeout))
            } catch {
                if case .failure(let failure) = error, failure.kind == .lost, written == 0, inFlight == 0,
                   mayReconnect {
                    socket?.close()
                    socket = nil
                    continue  // nothing of the batch left this process: replace the link and retry
                }
                if case .failure(let failure) = error, written > 0 || inFlight > 0 {
                    inFlight = awaiting.count - awaitingHead  // some of the batch may have gone out
                    throw lose(failure)
                }
                dropLink()
                throw Self.publicError(error)
            }
            outBuffer.removeAll(keepingCapacity: true)
            inFlight = awaiting.count - awaitingHead
            return
        }
    }

    /// The next reply, in command order: first flushes enqueued commands.
    /// Waits `options.readTimeout`, or without limit when the oldest command
    /// awaiting a reply may block (GETJOB).
    public func readReply() throws(DisqueError) -> RESPValue {
        try readPipelinedReply().reply
    }

    /// `readReply()`, with the command the reply answers (nil after `writeRaw`),
    /// so a caller streaming commands needs no bookkeeping of its own.
    public func readPipelinedReply() throws(DisqueError) -> (command: ResolvedCommand?, reply: RESPValue) {
        if !earlyReplies.isEmpty { return earlyReplies.removeFirst() }
        return try readReplyFromWire()
    }

    /// Writes bytes exactly as given (already RESP, e.g. `--pipe` input).
    /// Replies are then read with `readReply()`; they are not counted in
    /// `pendingReplyCount`, and raw bytes are not shown to the echo hook.
    public func writeRaw(_ bytes: [UInt8]) throws(DisqueError) {
        try flush()
        var mayReconnect = options.reconnect
        try ensureLiveLink(mayReconnect: &mayReconnect)
        var written = 0
        do {
            try writeAll(bytes, written: &written, until: .after(options.writeTimeout))
        } catch {
            dropLink()
            throw Self.publicError(error)
        }
    }

    // MARK: - Internals

    /// Reads the reply for the oldest command awaiting one (or any reply, after `writeRaw`).
    func readReplyFromWire() throws(DisqueError) -> (command: ResolvedCommand?, reply: RESPValue) {
        if !outBuffer.isEmpty { try flush() }
        let oldest = awaitingHead < awaiting.count ? awaiting[awaitingHead] : nil
        do {
            let reply = try readValue(until: deadline(for: oldest?.wait ?? .standard))
            if oldest != nil { retireOldest() }
            echo?(.received(reply))
            return (oldest, reply)
        } catch {
            if case .failure(let failure) = error, failure.kind == .lost, inFlight > 0 { throw lose(failure) }
            dropLink()
            throw Self.publicError(error)
        }
    }

    private func retireOldest() {
        awaitingHead += 1
        inFlight = max(0, inFlight - 1)
        if awaitingHead == awaiting.count {
            awaiting.removeAll(keepingCapacity: true)
            awaitingHead = 0
        } else if awaitingHead > 1024, awaitingHead * 2 > awaiting.count {
            awaiting.removeFirst(awaitingHead)
            awaitingHead = 0
        }
    }

    /// Drops the link and builds the error for commands whose fate is unknown.
    func lose(_ failure: ConnectionFailure) -> DisqueError {
        let unanswered = inFlight
        let first = awaitingHead < awaiting.count ? awaiting[awaitingHead].name : nil
        dropLink()
        guard unanswered > 0, let first else { return .connection(failure) }
        let more = unanswered > 1 ? " (and \(unanswered - 1) more pipelined commands)" : ""
        return .notSentMayHaveReachedServer(command: first + more, reason: failure)
    }

    /// Before `send` takes the link, reads replies still owed to pipelined
    /// commands and keeps them for `readReply()`, so nothing is mismatched.
    func settleOutstandingReplies() throws(DisqueError) {
        guard !outBuffer.isEmpty || awaitingHead < awaiting.count else { return }
        try flush()
        while awaitingHead < awaiting.count {
            earlyReplies.append(try readReplyFromWire())
        }
    }
}

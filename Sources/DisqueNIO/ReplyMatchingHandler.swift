import Disque
import NIOCore

/// Matches replies to commands on one pipelined link: RESP replies come back
/// in command order, so the oldest pending command owns the next reply. It
/// decodes with the same `RESPDecoder` as the sync client. Event-loop only.
///
/// When the link breaks, every command already written is failed by the sync
/// client's rule: one safe to repeat gets a plain `.connection` (the caller
/// may send it again), any other `.notSentMayHaveReachedServer` — it may have
/// run. A command that arrives after the link died was never written and
/// gets `.connection`. An overdue reply closes the link: with a reply
/// missing, every later reply on it would be matched to the wrong command.
// @unchecked Sendable: every member is touched on the channel's event loop only.
final class ReplyMatchingHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let endpoint: DisqueEndpoint
    private var decoder = RESPDecoder()
    private var pending = CircularBuffer<PendingReply>(initialCapacity: 16)
    private var context: ChannelHandlerContext?
    /// Why the link is unusable, once it is.
    private var brokenBecause: ConnectionFailure?
    private var flushScheduled = false
    private var timeoutCheck: Scheduled<Void>?

    init(endpoint: DisqueEndpoint) {
        self.endpoint = endpoint
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        fail(ConnectionFailure(.lost, "Connection to Disque at \(endpoint) lost: closed"))
        self.context = nil
    }

    // MARK: - Writing

    /// Writes one encoded command for the caller waiting on `continuation`.
    /// A command sent while nothing else is in flight goes out at once; while
    /// replies are owed, commands written in one event-loop turn go out in one
    /// flush, so tasks sharing the link are pipelined.
    func write(_ command: ByteBuffer, _ reply: PendingReply,
               answering continuation: UnsafeContinuation<RESPValue, any Error>) {
        guard reply.attach(continuation) else { return }  // cancelled before it was written
        guard let context, brokenBecause == nil else {
            let failure = brokenBecause ?? ConnectionFailure(.notConnected, "Not connected to Disque at \(endpoint)")
            reply.answer(.failure(DisqueError.connection(failure)))
            return
        }
        pending.append(reply)
        context.write(wrapOutboundOut(command), promise: nil)
        if pending.count == 1 {
            context.flush()
        } else if !flushScheduled {
            flushScheduled = true
            context.eventLoop.execute { [self] in
                flushScheduled = false
                self.context?.flush()
            }
        }
        if reply.deadline != nil, timeoutCheck == nil { scheduleTimeoutCheck() }
    }

    // MARK: - Reading

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data)
        bytes.withUnsafeReadableBytes { decoder.feed($0) }
        do {
            while let value = try decoder.next() {
                guard let owner = pending.popFirst() else {
                    close(context, ConnectionFailure(.failed, "Disque at \(endpoint) sent a reply nobody asked for"),
                          protocolError: "unexpected reply")
                    return
                }
                owner.answer(.success(value))
            }
        } catch {
            close(context, ConnectionFailure(.failed, "Disque at \(endpoint) sent malformed RESP"),
                  protocolError: error.description)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(ConnectionFailure(.lost, "Connection to Disque at \(endpoint) lost: server closed the connection"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        fail(ConnectionFailure(.lost, "Connection to Disque at \(endpoint) lost: \(error)"))
        context.close(promise: nil)
    }

    // MARK: - Failing

    /// Closes the link on purpose (cancellation, shutdown, an overdue reply).
    func close(because failure: ConnectionFailure) {
        guard let context else { fail(failure); return }
        fail(failure)
        context.close(promise: nil)
    }

    private func close(_ context: ChannelHandlerContext, _ failure: ConnectionFailure, protocolError: String) {
        brokenBecause = failure
        let owed = pending
        pending.removeAll()
        let text = protocolError.hasPrefix("Protocol error: ") ? String(protocolError.dropFirst(16)) : protocolError
        for reply in owed { reply.answer(.failure(DisqueError.protocol(text))) }
        context.close(promise: nil)
    }

    private func fail(_ failure: ConnectionFailure) {
        if brokenBecause == nil { brokenBecause = failure }
        timeoutCheck?.cancel()
        timeoutCheck = nil
        guard !pending.isEmpty else { return }
        let owed = pending
        pending.removeAll()
        for reply in owed {
            let error: DisqueError = reply.isIdempotent
                ? .connection(failure) : .notSentMayHaveReachedServer(command: reply.name, reason: failure)
            reply.answer(.failure(error))
        }
    }

    /// One timer per link, not per command: it looks at the oldest reply
    /// owed (replies come in order) and sleeps until that one is due.
    private func scheduleTimeoutCheck() {
        guard let context else { return }
        let due = pending.lazy.compactMap(\.deadline).first ?? .now() + .seconds(1)
        timeoutCheck = context.eventLoop.scheduleTask(deadline: due) { [self] in
            timeoutCheck = nil
            guard !pending.isEmpty else { return }
            if let overdue = pending.first(where: { $0.deadline != nil }), let deadline = overdue.deadline,
               deadline <= .now() {
                close(because: ConnectionFailure(.timedOut, "No reply from Disque at \(endpoint) in time"
                    + " for \(overdue.name); the connection was closed"))
                return
            }
            if pending.contains(where: { $0.deadline != nil }) { scheduleTimeoutCheck() }
        }
    }
}

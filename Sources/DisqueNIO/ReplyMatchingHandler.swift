import Disque
import NIOCore

/// One command written on a channel, waiting for its reply.
struct PendingReply {
    let promise: EventLoopPromise<RESPValue>
    /// "ADDJOB", for `.notSentMayHaveReachedServer`.
    let name: String
    let isIdempotent: Bool
    /// When the reply is overdue (nil: GETJOB without TIMEOUT waits for good).
    let deadline: NIODeadline?
    /// The caller was cancelled and already has its CancellationError: the
    /// reply is still read (to keep the link in step), then dropped.
    var abandoned = false
}

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

    /// Writes one encoded command. Many commands written in one event-loop
    /// turn go out in one flush: tasks sharing the link are pipelined.
    func write(_ command: ByteBuffer, _ reply: PendingReply) {
        guard let context, brokenBecause == nil else {
            let failure = brokenBecause ?? ConnectionFailure(.notConnected, "Not connected to Disque at \(endpoint)")
            reply.promise.fail(DisqueError.connection(failure))
            return
        }
        pending.append(reply)
        context.write(wrapOutboundOut(command), promise: nil)
        if !flushScheduled {
            flushScheduled = true
            context.eventLoop.execute { [self] in
                flushScheduled = false
                self.context?.flush()
            }
        }
        if reply.deadline != nil, timeoutCheck == nil { scheduleTimeoutCheck() }
    }

    /// Replies still owed.
    var pendingCount: Int { pending.count }

    /// The caller of the command `future` belongs to was cancelled: it gets
    /// CancellationError now, and the reply is dropped when it comes.
    func abandon(_ future: EventLoopFuture<RESPValue>) {
        guard let index = pending.firstIndex(where: { $0.promise.futureResult === future }),
              !pending[index].abandoned else { return }
        pending[index].abandoned = true
        pending[index].promise.fail(CancellationError())
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
                if !owner.abandoned { owner.promise.succeed(value) }
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
        for reply in owed where !reply.abandoned { reply.promise.fail(DisqueError.protocol(text)) }
        context.close(promise: nil)
    }

    private func fail(_ failure: ConnectionFailure) {
        if brokenBecause == nil { brokenBecause = failure }
        timeoutCheck?.cancel()
        timeoutCheck = nil
        guard !pending.isEmpty else { return }
        let owed = pending
        pending.removeAll()
        for reply in owed where !reply.abandoned {
            let error: DisqueError = reply.isIdempotent
                ? .connection(failure) : .notSentMayHaveReachedServer(command: reply.name, reason: failure)
            reply.promise.fail(error)
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

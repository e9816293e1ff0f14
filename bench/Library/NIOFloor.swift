import DisqueNIO
import NIOCore
import NIOPosix

// The floor under any SwiftNIO client on this machine: the same ADDJOB loop
// on a bare channel — no routing, no table, no pool, no typed reply — so the
// library's rows can be read against what NIO and Swift's executors cost by
// themselves, measured in the same run.

/// Counts replies by their line ends (ADDJOB's reply is one status line).
private final class ReplyCounter: ChannelInboundHandler, @unchecked Sendable {  // event loop only
    typealias InboundIn = ByteBuffer
    var waiting = CircularBuffer<UnsafeContinuation<Void, Never>>()
    /// Set by the loop-only mode: called per reply instead of resuming a task.
    var onReply: (() -> Void)?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        unwrapInboundIn(data).withUnsafeReadableBytes { bytes in
            for byte in bytes where byte == UInt8(ascii: "\n") {
                if let onReply { onReply() } else { waiting.removeFirst().resume() }
            }
        }
    }
}

/// `floor` awaits each reply from a task on the default executor, `floor-home`
/// from a task preferring the channel's loop, `floor-loop` writes the next
/// command from the reply's callback on the loop, with no task at all.
func nioFloor(_ mode: String, port: Int, count: Int) async throws {
    let loop = MultiThreadedEventLoopGroup.singleton.next()
    let counter = ReplyCounter()
    let channel = try await ClientBootstrap(group: loop)
        .channelOption(.socketOption(.tcp_nodelay), value: 1)
        .channelInitializer { channel in
            channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(counter) }
        }
        .connect(host: "127.0.0.1", port: port).get()
    let command = "*4\r\n$6\r\nADDJOB\r\n$5\r\nbench\r\n$1\r\nx\r\n$1\r\n0\r\n"
    // The cheapest hand-over there is: the continuation goes to the loop in the
    // same job as the write (as DisqueNIO's does), not a future awaited from off it.
    @Sendable func roundTrip() async {
        await withUnsafeContinuation { continuation in
            let send: @Sendable () -> Void = {
                counter.waiting.append(continuation)
                channel.writeAndFlush(channel.allocator.buffer(string: command), promise: nil)
            }
            if loop.inEventLoop { send() } else { loop.execute(send) }
        }
    }
    await roundTrip()
    let start = ContinuousClock.now
    switch mode {
    case "floor":
        for _ in 0..<count { await roundTrip() }
    case "floor-home":
        await withTaskExecutorPreference(EventLoopTaskExecutor(eventLoop: loop)) {
            for _ in 0..<count { await roundTrip() }
        }
    default:
        let done = loop.makePromise(of: Void.self)
        try await loop.submit {
            var left = count
            counter.onReply = {
                left -= 1
                if left == 0 { done.succeed(()) } else {
                    channel.writeAndFlush(channel.allocator.buffer(string: command), promise: nil)
                }
            }
            channel.writeAndFlush(channel.allocator.buffer(string: command), promise: nil)
        }.get()
        try await done.futureResult.get()
    }
    report(mode, count, ContinuousClock.now - start)
    try await channel.close()
}

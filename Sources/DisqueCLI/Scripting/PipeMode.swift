import Disque
import RESP
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `--pipe`: raw RESP from stdin to the server as fast as the socket takes
/// it, replies read at the same time (one poll loop over stdin, and the socket
/// in both directions, so a server whose output fills up never deadlocks us).
///
/// End of input: redis-cli appends an ECHO, which Disque does not have; we
/// append `PING <40 random hex digits>` and stop when a bulk reply carrying
/// exactly that payload comes back. Then `errors: N, replies: N` (our PING
/// not counted) goes to stdout, each error reply to stderr.
struct PipeMode {
    var options: DisqueConnectionOptions
    var echo: Bool
    /// Give up after this long without any byte moving; nil waits forever.
    var timeout: Duration?
    /// Several nodes were given: a lost link names the node (no other is tried).
    var namesNode = false

    func run() -> ExitStatus {
        let fd: Int32
        do {
            fd = try options.endpoint.connectedSocketDescriptor(timeout: options.connectTimeout)
        } catch {
            writeError(error.description)
            return .connection
        }
        defer { _ = Glibc.close(fd) }
        var session = Session(fd: fd, echo: echo ? EchoTrace.hook : nil, timeout: timeout)
        if namesNode { session.node = options.endpoint.description }
        if let password = options.password {
            session.sendOwn([Array("AUTH".utf8), Array(password.utf8)])
            session.expectAuthReply = true
        }
        return session.run()
    }

    struct Session {
        let fd: Int32
        /// `--echo`: sees what we send ourselves (AUTH, the closing PING) and
        /// every command read from stdin as it is sent, then every reply.
        let echo: (@Sendable (EchoEvent) -> Void)?
        let timeout: Duration?
        var outgoing: [UInt8] = []
        var outgoingStart = 0
        var expectAuthReply = false
        var decoder = RESPDecoder()
        /// Follows the commands read from stdin, only to show them with --echo.
        var inputDecoder: RESPDecoder? = RESPDecoder()
        var replies = 0
        var errors = 0
        var inputOpen = true
        /// The node's address, for the message when its link is lost.
        var node: String?
        let marker: [UInt8] = Session.randomHex(byteCount: 20)

        init(fd: Int32, echo: (@Sendable (EchoEvent) -> Void)?, timeout: Duration?) {
            self.fd = fd
            self.echo = echo
            self.timeout = timeout
        }

        /// Most bytes waiting to be written before stdin is read again.
        static let outgoingLimit = 1 << 20

        mutating func run() -> ExitStatus {
            var readBuffer = [UInt8](repeating: 0, count: 256 * 1024)
            var lastProgress = ContinuousClock.now
            while true {
                var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0)]
                if outgoingStart < outgoing.count { fds[0].events |= Int16(POLLOUT) }
                let readInput = inputOpen && outgoing.count - outgoingStart < Self.outgoingLimit
                if readInput { fds.append(pollfd(fd: 0, events: Int16(POLLIN), revents: 0)) }

                var wait: Int32 = 1000
                if let timeout {
                    let left = timeout - (ContinuousClock.now - lastProgress)
                    guard left > .zero else { return timedOut(timeout) }
                    wait = Int32(min(left.milliseconds, 1000))
                }
                let ready = poll(&fds, nfds_t(fds.count), wait)
                if ready < 0, errno == EINTR { continue }
                guard ready > 0 else { continue }

                // stdin → outgoing
                if readInput, fds[1].revents != 0 {
                    let n = readBuffer.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
                    if n > 0 {
                        appendInput(readBuffer[0..<n])
                    } else if n == 0 || (errno != EINTR && errno != EAGAIN) {
                        inputOpen = false
                        writeError("All data transferred. Waiting for the last reply...")
                        sendOwn([Array("PING".utf8), marker])
                    }
                    lastProgress = ContinuousClock.now
                }
                // outgoing → socket
                if fds[0].revents & Int16(POLLOUT) != 0, outgoingStart < outgoing.count {
                    let n = outgoing.withUnsafeBytes { raw in
                        send(fd, raw.baseAddress! + outgoingStart, raw.count - outgoingStart, Int32(MSG_NOSIGNAL))
                    }
                    if n > 0 {
                        outgoingStart += n
                        lastProgress = ContinuousClock.now
                        if outgoingStart == outgoing.count {
                            outgoing.removeAll(keepingCapacity: true)
                            outgoingStart = 0
                        } else if outgoingStart > Self.outgoingLimit {
                            outgoing.removeFirst(outgoingStart)
                            outgoingStart = 0
                        }
                    } else if n < 0, errno != EAGAIN, errno != EINTR {
                        return lost(String(cString: strerror(errno)))
                    }
                }
                // socket → replies
                if fds[0].revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
                    let n = readBuffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                    if n > 0 {
                        decoder.feed(readBuffer[0..<n])
                        lastProgress = ContinuousClock.now
                        switch takeReplies() {
                        case .more: break
                        case .finished: return finish()
                        case .failed(let status): return status
                        }
                    } else if n == 0 {
                        return lost("the server closed the connection")
                    } else if errno != EAGAIN, errno != EINTR {
                        return lost(String(cString: strerror(errno)))
                    }
                }
            }
        }

        enum Progress { case more, finished, failed(ExitStatus) }

        /// Counts every complete reply; spots our closing PING's.
        mutating func takeReplies() -> Progress {
            while true {
                let value: RESPValue
                do {
                    guard let next = try decoder.next() else { return .more }
                    value = next
                } catch {
                    writeError("Protocol error from the server: \(error)")
                    return .failed(.connection)
                }
                echo?(.received(value))
                if expectAuthReply {
                    expectAuthReply = false
                    if case .error(let message) = value {
                        writeError("AUTH failed: \(message)")
                        return .failed(.connection)
                    }
                    continue
                }
                if !inputOpen, case .bulk(let payload) = value, payload == marker { return .finished }
                replies += 1
                if case .error(let message) = value {
                    errors += 1
                    writeError(message)
                }
            }
        }

        /// A command of our own, encoded after what stdin gave so far.
        mutating func sendOwn(_ arguments: [[UInt8]]) {
            echo?(.sending(arguments))
            RESPEncoder.encodeCommand(arguments, into: &outgoing)
        }

        mutating func appendInput(_ bytes: ArraySlice<UInt8>) {
            outgoing.append(contentsOf: bytes)
            guard let echo, inputDecoder != nil else { return }
            inputDecoder!.feed(bytes)
            do {
                while let command = try inputDecoder!.next() {
                    echo(.sending(command.array?.compactMap(\.bytes) ?? []))
                }
            } catch {
                // Inline commands or garbage: the server will say; stop echoing what is sent.
                inputDecoder = nil
                writeError("(--echo: input is not RESP; commands sent are no longer shown)")
            }
        }

        func finish() -> ExitStatus {
            writeError("Last reply received from server.")
            FileOutput.standardOutput.write("errors: \(errors), replies: \(replies)\n")
            FileOutput.standardOutput.flush()
            return errors > 0 ? .serverError : .success
        }

        func lost(_ reason: String) -> ExitStatus {
            if let node {
                writeError("Connection to Disque node \(node) lost: \(reason) (--pipe stays on one node; nothing re-sent)")
            } else {
                writeError("Connection to Disque lost: \(reason)")
            }
            FileOutput.standardOutput.write("errors: \(errors), replies: \(replies)\n")
            FileOutput.standardOutput.flush()
            return .connection
        }

        func timedOut(_ timeout: Duration) -> ExitStatus {
            writeError("No progress for \(timeout) (--pipe-timeout); giving up")
            FileOutput.standardOutput.write("errors: \(errors), replies: \(replies)\n")
            FileOutput.standardOutput.flush()
            return .connection
        }

        static func randomHex(byteCount: Int) -> [UInt8] {
            var generator = SystemRandomNumberGenerator()
            var out: [UInt8] = []
            for _ in 0..<byteCount {
                let byte = UInt8.random(in: 0...255, using: &generator)
                out.append(ByteEscaping.hexDigits[Int(byte >> 4)])
                out.append(ByteEscaping.hexDigits[Int(byte & 0x0F)])
            }
            return out
        }
    }
}

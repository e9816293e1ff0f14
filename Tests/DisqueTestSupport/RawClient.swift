import Glibc
import RESP

/// The tests' own RESP client: a plain blocking socket with a receive
/// timeout, independent of the client library under test, so a test can
/// check what a node really answers (or send bytes no client would).
public final class RawClient {
    public let fd: Int32
    private var decoder = RESPDecoder()
    /// What the link is to, for error messages.
    private let peer: String

    /// Connects to 127.0.0.1:`port`; a read waits at most `timeoutSeconds`.
    public init(port: Int, timeoutSeconds: Int = 5) throws {
        fd = try LoopbackPorts.connect(port: port)
        peer = "127.0.0.1:\(port)"
        setTimeout(seconds: timeoutSeconds)
    }

    /// Connects to a Unix socket.
    public init(unixPath: String, timeoutSeconds: Int = 5) throws {
        fd = try LoopbackPorts.connect(unixPath: unixPath)
        peer = unixPath
        setTimeout(seconds: timeoutSeconds)
    }

    deinit { close(fd) }

    public func setTimeout(seconds: Int) {
        var tv = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    public func sendRaw(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw TestFailure("send to \(peer) failed: \(String(cString: strerror(errno)))") }
            sent += n
        }
    }

    public func send(_ arguments: [String]) throws {
        try sendRaw(RESPEncoder.command(arguments))
    }

    /// Reads the next reply; throws on timeout or when the server closed the link.
    public func read() throws -> RESPValue {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            if let value = try decoder.next() { return value }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { throw TestFailure("\(peer) closed the connection") }
            if n < 0 { throw TestFailure("no reply from \(peer): \(String(cString: strerror(errno)))") }
            decoder.feed(buffer[0..<n])
        }
    }

    /// True when reply bytes have arrived and not been read yet.
    public var hasInput: Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, 0) > 0
    }

    /// True once the server has closed the connection (reads EOF within the timeout).
    public func isClosedByServer() -> Bool {
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, 0) == 0
    }

    @discardableResult
    public func call(_ arguments: String...) throws -> RESPValue {
        try callArray(arguments)
    }

    @discardableResult
    public func callArray(_ arguments: [String]) throws -> RESPValue {
        try send(arguments)
        return try read()
    }
}

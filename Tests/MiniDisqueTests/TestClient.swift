import Glibc
import MiniDisque
import RESP

/// A tiny blocking RESP client for the tests: plain sockets, a receive
/// timeout so a hung server fails the test instead of hanging it.
final class TestClient {
    let fd: Int32
    private var decoder = RESPDecoder()

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    init(port: Int, timeoutSeconds: Int = 5) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            close(fd)
            throw Failure(description: "connect to port \(port) failed: errno \(errno)")
        }
        setTimeout(seconds: timeoutSeconds)
    }

    init(unixPath: String) throws {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, b) in path(unixPath).enumerated() { raw[i] = b }
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            close(fd)
            throw Failure(description: "connect to \(unixPath) failed: errno \(errno)")
        }
        setTimeout(seconds: 5)
    }

    deinit { close(fd) }

    func setTimeout(seconds: Int) {
        var tv = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    func sendRaw(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw Failure(description: "send failed: errno \(errno)") }
            sent += n
        }
    }

    func send(_ arguments: [String]) throws {
        try sendRaw(RESPEncoder.command(arguments))
    }

    /// Reads the next reply; throws on timeout or when the server closed the link.
    func read() throws -> RESPValue {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            if let value = try decoder.next() { return value }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { throw Failure(description: "connection closed by server") }
            if n < 0 { throw Failure(description: "recv failed (timeout?): errno \(errno)") }
            decoder.feed(buffer[0..<n])
        }
    }

    /// True once the server has closed the connection (reads EOF within the timeout).
    func isClosedByServer() -> Bool {
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, 0) == 0
    }

    @discardableResult
    func call(_ arguments: String...) throws -> RESPValue {
        try send(arguments)
        return try read()
    }

    func callArray(_ arguments: [String]) throws -> RESPValue {
        try send(arguments)
        return try read()
    }
}

private func path(_ text: String) -> [UInt8] { Array(text.utf8) + [0] }

/// Starts a node on a free loopback port for one test and stops it afterwards.
func withServer<T>(password: String? = nil, unixSocketPath: String? = nil,
                   _ body: (MiniDisqueServer) throws -> T) throws -> T {
    let server = MiniDisqueServer(configuration: MiniDisqueConfiguration(
        port: 0, password: password, unixSocketPath: unixSocketPath))
    try server.start()
    defer { server.stop() }
    return try body(server)
}

/// Milliseconds on a monotonic clock, for timing checks.
func monotonicMilliseconds() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
}

func sleepMilliseconds(_ ms: Int) { usleep(UInt32(ms) * 1000) }

/// Polls `condition` every 10 ms for up to `timeoutMs`.
func eventually(timeoutMs: Int = 3000, _ condition: () throws -> Bool) rethrows -> Bool {
    let end = monotonicMilliseconds() + Int64(timeoutMs)
    while monotonicMilliseconds() < end {
        if try condition() { return true }
        sleepMilliseconds(10)
    }
    return try condition()
}

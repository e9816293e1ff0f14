import Disque
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A bare non-blocking stream socket for `--pipe`, which must poll reading
/// and writing together (the client library's connection is synchronous:
/// it writes, then reads).
struct RawSocket {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let fd: Int32

    /// Connects to `endpoint` within `timeout`.
    static func connect(to endpoint: DisqueEndpoint, timeout: Duration) throws(Failure) -> RawSocket {
        let deadline = ContinuousClock.now + timeout
        switch endpoint {
        case .unix(let path):
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            let bytes = Array(path.utf8)
            guard !bytes.isEmpty, bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
                throw Failure(description: "Could not connect to Disque at \(path): socket path too long")
            }
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                raw.copyBytes(from: bytes)
                raw[bytes.count] = 0
            }
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
                            | Int32(SOCK_CLOEXEC.rawValue), 0)
            let result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    finishConnect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size), deadline)
                }
            }
            guard result == 0 else {
                Glibc.close(fd)
                throw Failure(description: "Could not connect to Disque at \(path): \(String(cString: strerror(result)))")
            }
            return RawSocket(fd: fd)
        case .tcp(var host, let port):
            if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            var hints = addrinfo()
            hints.ai_family = AF_UNSPEC
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            var list: UnsafeMutablePointer<addrinfo>?
            let status = getaddrinfo(host, String(port), &hints, &list)
            guard status == 0, let first = list else {
                throw Failure(description: "Could not connect to Disque at \(endpoint): \(String(cString: gai_strerror(status)))")
            }
            defer { freeaddrinfo(list) }
            var lastError: Int32 = ECONNREFUSED
            var entry: UnsafeMutablePointer<addrinfo>? = first
            while let info = entry {
                entry = info.pointee.ai_next
                let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype | Int32(SOCK_NONBLOCK.rawValue)
                                | Int32(SOCK_CLOEXEC.rawValue), info.pointee.ai_protocol)
                guard fd >= 0 else { lastError = errno; continue }
                let result = finishConnect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen, deadline)
                if result == 0 {
                    var one: Int32 = 1
                    setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                    return RawSocket(fd: fd)
                }
                lastError = result
                Glibc.close(fd)
            }
            throw Failure(description: "Could not connect to Disque at \(endpoint): \(String(cString: strerror(lastError)))")
        }
    }

    /// connect(2) on a non-blocking socket, waiting until `deadline`; 0 or an errno.
    private static func finishConnect(_ fd: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t,
                                      _ deadline: ContinuousClock.Instant) -> Int32 {
        if Glibc.connect(fd, address, length) == 0 { return 0 }
        guard errno == EINPROGRESS else { return errno }
        while true {
            let left = deadline - ContinuousClock.now
            guard left > .zero else { return ETIMEDOUT }
            var entry = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            let ready = poll(&entry, 1, Int32(min(left.milliseconds, 60_000)))
            if ready < 0, errno == EINTR { continue }
            if ready <= 0 { continue }
            var error: Int32 = 0
            var size = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size)
            return error
        }
    }

    func close() { _ = Glibc.close(fd) }
}

extension Duration {
    /// Whole milliseconds, rounded up, at least 1 when positive.
    var milliseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1000 + Int((attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What went wrong on the link, before it becomes a public `DisqueError`.
enum LinkError: Error {
    case failure(ConnectionFailure)
    case interrupted
    case malformed(String)
}

/// A connected, non-blocking stream socket. Every wait goes through poll(2)
/// with a deadline and, when set, an interrupt descriptor watched alongside,
/// so a blocked read can be cut short from outside.
final class DisqueSocket {
    private(set) var fd: Int32
    let endpoint: DisqueEndpoint

    private init(fd: Int32, endpoint: DisqueEndpoint) {
        self.fd = fd
        self.endpoint = endpoint
    }

    deinit { close() }

    func close() {
        if fd >= 0 {
            _ = Glibc.close(fd)
            fd = -1
        }
    }

    /// Gives up ownership of the descriptor: the caller closes it.
    func detach() -> Int32 {
        defer { fd = -1 }
        return fd
    }

    // MARK: - Connecting

    static func connect(to endpoint: DisqueEndpoint, timeout: Duration,
                        interrupt: Int32?) throws(LinkError) -> DisqueSocket {
        let deadline = Deadline.after(timeout)
        switch endpoint {
        case .unix(let path):
            return try connectUnix(path: path, endpoint: endpoint, deadline: deadline, interrupt: interrupt)
        case .tcp(let host, let port):
            return try connectTCP(host: DisqueEndpoint.unbracketed(host), port: port, endpoint: endpoint,
                                  deadline: deadline, interrupt: interrupt)
        }
    }

    private static func connectUnix(path: String, endpoint: DisqueEndpoint, deadline: Deadline,
                                    interrupt: Int32?) throws(LinkError) -> DisqueSocket {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard !pathBytes.isEmpty, pathBytes.count < capacity else {
            throw .failure(ConnectionFailure(.failed, "Could not connect to Disque at \(path): socket path too long"))
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: pathBytes)
            raw[pathBytes.count] = 0
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .failure(connectFailure(endpoint, errno)) }
        let socket = DisqueSocket(fd: fd, endpoint: endpoint)
        let length = socklen_t(MemoryLayout<sockaddr_un>.size)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { socket.finishConnect($0, length, deadline, interrupt) }
        }
        try result.get()
        return socket
    }

    private static func connectTCP(host: String, port: Int, endpoint: DisqueEndpoint, deadline: Deadline,
                                   interrupt: Int32?) throws(LinkError) -> DisqueSocket {
        guard (1...65535).contains(port) else {
            throw .failure(ConnectionFailure(.failed, "Could not connect to Disque at \(endpoint): invalid port \(port)"))
        }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            let reason = String(cString: gai_strerror(status))
            throw .failure(ConnectionFailure(.unresolved, "Could not connect to Disque at \(endpoint): \(reason)"))
        }
        defer { freeaddrinfo(list) }
        // Try each address in turn ("localhost" may give ::1 before 127.0.0.1).
        var lastError = LinkError.failure(ConnectionFailure(.failed, "Could not connect to Disque at \(endpoint)"))
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            entry = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family,
                            info.pointee.ai_socktype | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue),
                            info.pointee.ai_protocol)
            guard fd >= 0 else { lastError = .failure(connectFailure(endpoint, errno)); continue }
            let socket = DisqueSocket(fd: fd, endpoint: endpoint)
            switch socket.finishConnect(info.pointee.ai_addr, info.pointee.ai_addrlen, deadline, interrupt) {
            case .success:
                var one: Int32 = 1
                _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                return socket
            case .failure(let error):
                socket.close()
                // An interrupt or an exhausted deadline ends the search.
                if case .interrupted = error { throw error }
                if case .failure(let failure) = error, failure.kind == .timedOut { throw error }
                lastError = error
            }
        }
        throw lastError
    }

    /// connect(2) on the non-blocking socket, waiting for completion with poll.
    private func finishConnect(_ address: UnsafePointer<sockaddr>, _ length: socklen_t, _ deadline: Deadline,
                               _ interrupt: Int32?) -> Result<Void, LinkError> {
        if Glibc.connect(fd, address, length) == 0 { return .success(()) }
        let code = errno
        guard code == EINPROGRESS || code == EINTR else {
            return .failure(.failure(DisqueSocket.connectFailure(endpoint, code)))
        }
        do {
            try wait(for: Int16(POLLOUT), until: deadline, interrupt: interrupt, doing: "connecting")
        } catch {
            if case .failure(let failure) = error, failure.kind == .timedOut {
                return .failure(.failure(ConnectionFailure(
                    .timedOut, "Could not connect to Disque at \(endpoint): timed out", errno: ETIMEDOUT)))
            }
            return .failure(error)
        }
        var socketError: Int32 = 0
        var size = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &socketError, &size) == 0 else {
            return .failure(.failure(DisqueSocket.connectFailure(endpoint, errno)))
        }
        guard socketError == 0 else { return .failure(.failure(DisqueSocket.connectFailure(endpoint, socketError))) }
        return .success(())
    }

    static func connectFailure(_ endpoint: DisqueEndpoint, _ code: Int32) -> ConnectionFailure {
        let kind: ConnectionFailure.Kind
        switch code {
        case ECONNREFUSED, ENOENT: kind = .refused
        case ETIMEDOUT: kind = .timedOut
        default: kind = .failed
        }
        return ConnectionFailure(kind, "Could not connect to Disque at \(endpoint): \(errorText(code))", errno: code)
    }

    static func errorText(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }

    // MARK: - Waiting

    /// Blocks until the socket is ready for `events`, the deadline passes
    /// (timedOut), or the interrupt descriptor becomes readable (interrupted).
    func wait(for events: Int16, until deadline: Deadline, interrupt: Int32?, doing activity: String) throws(LinkError) {
        var watchInterrupt = (interrupt ?? -1) >= 0
        while true {
            var fds = [pollfd(fd: fd, events: events, revents: 0),
                       pollfd(fd: watchInterrupt ? interrupt! : -1, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&fds, nfds_t(watchInterrupt ? 2 : 1), deadline.pollTimeout())
            if ready < 0 {
                if errno == EINTR { continue }
                throw .failure(ConnectionFailure(.failed, "poll() failed while \(activity): \(DisqueSocket.errorText(errno))", errno: errno))
            }
            if watchInterrupt {
                let revents = Int32(fds[1].revents)
                if revents & Int32(POLLNVAL) != 0 {
                    watchInterrupt = false  // a closed descriptor must not spin the loop
                } else if revents & (Int32(POLLIN) | Int32(POLLHUP) | Int32(POLLERR)) != 0 {
                    throw .interrupted
                }
            }
            if fds[0].revents != 0 { return }
            if deadline.hasPassed {
                throw .failure(ConnectionFailure(
                    .timedOut, "Timed out after \(deadline.budgetDescription) \(activity) \(endpoint)", errno: ETIMEDOUT))
            }
        }
    }

    // MARK: - Reading and writing

    /// Reads what is available (at least one byte) into `buffer`.
    func read(into buffer: UnsafeMutableRawBufferPointer, until deadline: Deadline,
              interrupt: Int32?) throws(LinkError) -> Int {
        while true {
            let count = recv(fd, buffer.baseAddress, buffer.count, 0)
            if count > 0 { return count }
            if count == 0 { throw .failure(lost("server closed the connection", errno: nil)) }
            let code = errno
            switch code {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK:
                try wait(for: Int16(POLLIN), until: deadline, interrupt: interrupt, doing: "waiting for a reply from")
            case ECONNRESET, EPIPE, ETIMEDOUT, ENOTCONN:
                throw .failure(lost(DisqueSocket.errorText(code), errno: code))
            default:
                throw .failure(ConnectionFailure(.failed, "Reading from \(endpoint) failed: \(DisqueSocket.errorText(code))", errno: code))
            }
        }
    }

    /// Writes all of `bytes`, looping over short writes. `written` counts the
    /// bytes the kernel accepted, so a caller can tell "never sent" apart
    /// from "may have reached the server" when this throws.
    func write(_ bytes: UnsafeRawBufferPointer, written: inout Int, until deadline: Deadline,
               interrupt: Int32?) throws(LinkError) {
        while written < bytes.count {
            let count = send(fd, bytes.baseAddress! + written, bytes.count - written, Int32(MSG_NOSIGNAL))
            if count >= 0 { written += count; continue }
            let code = errno
            switch code {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK:
                try wait(for: Int16(POLLOUT), until: deadline, interrupt: interrupt, doing: "writing to")
            case EPIPE, ECONNRESET, ENOTCONN:
                throw .failure(lost(DisqueSocket.errorText(code), errno: code))
            default:
                throw .failure(ConnectionFailure(.failed, "Writing to \(endpoint) failed: \(DisqueSocket.errorText(code))", errno: code))
            }
        }
    }

    /// True when the peer has already closed or reset the link: checked
    /// before writing, so a dead link is replaced while the command is still
    /// provably unsent. Costs one poll(2) with a zero timeout.
    var isBroken: Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&entry, 1, 0) > 0 else { return false }
        let revents = Int32(entry.revents)
        if revents & (Int32(POLLERR) | Int32(POLLNVAL)) != 0 { return true }
        var byte: UInt8 = 0
        let count = recv(fd, &byte, 1, Int32(MSG_PEEK) | Int32(MSG_DONTWAIT))
        if count == 0 { return true }
        if count < 0 { return errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR }
        return false
    }

    private func lost(_ reason: String, errno code: Int32?) -> ConnectionFailure {
        ConnectionFailure(.lost, "Connection to Disque at \(endpoint) lost: \(reason)", errno: code)
    }
}

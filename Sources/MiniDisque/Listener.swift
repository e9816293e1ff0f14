import Glibc

/// Opening the listening sockets. Errors name the address so a person knows
/// what to fix ("port 7711 in use").
enum Listener {
    static func tcp(host: String, port: Int) throws(MiniDisqueError) -> (fd: Int32, port: Int) {
        guard (0...65535).contains(port) else { throw MiniDisqueError("invalid port \(port)") }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let head = list else {
            throw MiniDisqueError("cannot resolve host \(host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        // A name like "localhost" may resolve to both families: prefer IPv4,
        // which is what clients given the same name usually try first.
        var first = head
        var cursor: UnsafeMutablePointer<addrinfo>? = head
        while let entry = cursor {
            if entry.pointee.ai_family == AF_INET { first = entry; break }
            cursor = entry.pointee.ai_next
        }

        let fd = socket(first.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw MiniDisqueError("socket(): \(errorText())") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        if bind(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) != 0 {
            let code = errno
            close(fd)
            if code == EADDRINUSE { throw MiniDisqueError("port \(port) in use on \(host)") }
            throw MiniDisqueError("cannot bind \(host):\(port): \(errorText(code))")
        }
        guard listen(fd, 511) == 0 else {
            let code = errno
            close(fd)
            throw MiniDisqueError("cannot listen on \(host):\(port): \(errorText(code))")
        }
        setNonBlocking(fd)
        return (fd, boundPort(fd) ?? port)
    }

    static func unix(path: String) throws(MiniDisqueError) -> Int32 {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard !bytes.isEmpty, bytes.count < capacity else {
            throw MiniDisqueError("unix socket path too long (max \(capacity - 1) bytes): \(path)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, b) in bytes.enumerated() { raw[i] = b }
            raw[bytes.count] = 0
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw MiniDisqueError("socket(): \(errorText())") }
        unlink(path) // a stale socket file from an earlier run would make bind fail
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0, listen(fd, 511) == 0 else {
            let code = errno
            close(fd)
            throw MiniDisqueError("cannot listen on unix socket \(path): \(errorText(code))")
        }
        setNonBlocking(fd)
        return fd
    }

    static func setNonBlocking(_ fd: Int32) {
        let flags = fcntl(fd, F_GETFL, 0)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
    }

    static func boundPort(_ fd: Int32) -> Int? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let ok = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard ok == 0 else { return nil }
        return peerPort(storage)
    }

    /// "ip:port" of a connected peer, as CLIENT LIST and MONITOR show it.
    static func peerAddress(_ storage: sockaddr_storage) -> String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        var copy = storage
        switch Int32(storage.ss_family) {
        case AF_INET:
            withUnsafePointer(to: &copy) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { sin in
                    var addr = sin.pointee.sin_addr
                    _ = inet_ntop(AF_INET, &addr, &buffer, socklen_t(buffer.count))
                }
            }
        case AF_INET6:
            withUnsafePointer(to: &copy) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { sin in
                    var addr = sin.pointee.sin6_addr
                    _ = inet_ntop(AF_INET6, &addr, &buffer, socklen_t(buffer.count))
                }
            }
        default:
            return "?:0"
        }
        let host = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return "\(host):\(peerPort(storage) ?? 0)"
    }

    private static func peerPort(_ storage: sockaddr_storage) -> Int? {
        var copy = storage
        switch Int32(storage.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &copy) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
            }
        case AF_INET6:
            return withUnsafePointer(to: &copy) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) }
            }
        default:
            return nil
        }
    }

    static func errorText(_ code: Int32 = errno) -> String {
        String(cString: strerror(code))
    }
}

import Foundation
import Glibc
import Synchronization

/// Loopback ports for test nodes. A real Disque node also binds its cluster
/// bus on port + 10000, so ports come from 10000..<22768: the port and its
/// bus port both stay below Linux's ephemeral range (32768 and up), where an
/// outgoing connection could take a killed node's port before it restarts.
/// Both must be free; ports handed out once are not handed out again in this
/// process, so parallel tests never race for the same one.
public enum LoopbackPorts {
    private static let handedOut = Mutex<Set<Int>>([])

    /// A port on 127.0.0.1 nothing listens on, whose port + 10000 is free too.
    public static func free() throws -> Int {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let port = Int.random(in: 10000..<22768, using: &generator)
            let fresh = handedOut.withLock { $0.insert(port).inserted }
            guard fresh else { continue }
            if canBind(port), canBind(port + 10000) { return port }
        }
        throw TestFailure("no free loopback port pair (p, p+10000) below 55535")
    }

    /// True when a TCP socket can bind 127.0.0.1:`port` right now.
    public static func canBind(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        // As the servers do: a port whose old links sit in TIME_WAIT is free.
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = loopback(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        } == 0
    }

    /// A connected TCP socket to 127.0.0.1:`port`; throws when nothing listens.
    public static func connect(port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket(): \(String(cString: strerror(errno)))") }
        var address = loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw TestFailure("cannot connect to 127.0.0.1:\(port): \(reason)")
        }
        return fd
    }

    /// A connected socket to the Unix socket at `path`.
    public static func connect(unixPath path: String) throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket(): \(String(cString: strerror(errno)))") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            close(fd)
            throw TestFailure("socket path too long: \(path)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, b) in bytes.enumerated() { raw[i] = b }
            raw[bytes.count] = 0
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0
            }
        }
        guard connected else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw TestFailure("cannot connect to \(path): \(reason)")
        }
        return fd
    }

    /// True when something accepts connections on 127.0.0.1:`port`.
    public static func isListening(_ port: Int) -> Bool {
        guard let fd = try? connect(port: port) else { return false }
        close(fd)
        return true
    }

    public static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}

/// Where a Disque node listens.
public enum DisqueEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// A TCP address: a host name ("localhost"), an IPv4 literal, or an IPv6
    /// literal with or without brackets ("::1", "[::1]").
    case tcp(host: String, port: Int)
    /// A Unix domain socket path.
    case unix(path: String)

    /// Disque's default: the local node on 7711.
    public static let `default` = DisqueEndpoint.tcp(host: "127.0.0.1", port: DisqueDefaults.port)

    /// "127.0.0.1:7711", "[::1]:7711" or the socket path, as error messages show it.
    public var description: String {
        switch self {
        case .tcp(let host, let port):
            let bare = DisqueEndpoint.unbracketed(host)
            return bare.contains(":") ? "[\(bare)]:\(port)" : "\(bare):\(port)"
        case .unix(let path):
            return path
        }
    }

    /// An IPv6 literal without the brackets URLs put around it.
    static func unbracketed(_ host: String) -> String {
        if host.hasPrefix("["), host.hasSuffix("]"), host.count >= 2 {
            return String(host.dropFirst().dropLast())
        }
        return host
    }
}

extension DisqueEndpoint {
    /// Connects (within `timeout`) and hands over the bare socket: non-blocking,
    /// close-on-exec, TCP_NODELAY on TCP. For callers that drive the socket
    /// themselves — `disque-cli --pipe` polls reading and writing together —
    /// while connecting stays in one place. The caller owns and closes it.
    public func connectedSocketDescriptor(timeout: Duration) throws(DisqueError) -> Int32 {
        do {
            return try DisqueSocket.connect(to: self, timeout: timeout, interrupt: nil).detach()
        } catch {
            throw DisqueConnection.publicError(error)
        }
    }
}

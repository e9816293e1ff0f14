/// How a MiniDisque node listens. Defaults match a stock Disque node on loopback.
public struct MiniDisqueConfiguration: Sendable {
    /// Address to bind (numeric IPv4/IPv6 or a name getaddrinfo resolves).
    public var host: String
    /// TCP port; 0 asks the kernel for a free one (read it back from `MiniDisqueServer.port`).
    public var port: Int
    /// Like Disque's `requirepass`: clients must AUTH before any other command.
    public var password: String?
    /// An extra Unix-socket listener, for clients that want to skip TCP.
    public var unixSocketPath: String?

    public init(host: String = "127.0.0.1", port: Int = 7711, password: String? = nil,
                unixSocketPath: String? = nil) {
        self.host = host
        self.port = port
        self.password = password
        self.unixSocketPath = unixSocketPath
    }
}

/// Why a node could not start. The text is meant for people: "port 7711 in use".
public struct MiniDisqueError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

import RESP

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
    /// Like Disque's `maxclients`: one connection more is refused with
    /// "-ERR max number of clients reached". Values below 1 count as 1.
    public var maxClients: Int
    /// The node's time; a manual clock makes RETRY, TTL, DELAY and GETJOB TIMEOUT testable without sleeping.
    public var clock: MiniDisqueClock

    public init(host: String = "127.0.0.1", port: Int = DisqueDefaults.port, password: String? = nil,
                unixSocketPath: String? = nil, maxClients: Int = 10000,
                clock: MiniDisqueClock = .system) {
        self.host = host
        self.port = port
        self.password = password
        self.unixSocketPath = unixSocketPath
        self.maxClients = maxClients
        self.clock = clock
    }
}

/// Why a node could not start. The text is meant for people: "port 7711 in use".
public struct MiniDisqueError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

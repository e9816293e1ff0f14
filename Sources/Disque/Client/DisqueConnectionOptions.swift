/// How to reach a node and how long to wait for it.
public struct DisqueConnectionOptions: Sendable, Hashable {
    public var endpoint: DisqueEndpoint
    /// Sent with AUTH on every connect and reconnect.
    public var password: String?
    /// Longest wait for the TCP (or Unix) connection to be established.
    public var connectTimeout: Duration
    /// Longest wait for a reply to arrive (30 s unless set); nil waits forever,
    /// which only a caller that asks for it gets. Commands that block on
    /// purpose (GETJOB) wait for their own timeout on top of this.
    public var readTimeout: Duration?
    /// Longest wait for the socket to accept more bytes; nil waits forever.
    public var writeTimeout: Duration?
    /// When the link is found broken, reconnect once (and re-send only what
    /// is safe to re-send). When false, a broken link is reported at once.
    public var reconnect: Bool

    public init(endpoint: DisqueEndpoint = .default, password: String? = nil,
                connectTimeout: Duration = .seconds(5), readTimeout: Duration? = .seconds(30),
                writeTimeout: Duration? = nil, reconnect: Bool = true) {
        self.endpoint = endpoint
        self.password = password
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
        self.writeTimeout = writeTimeout
        self.reconnect = reconnect
    }

    /// Options for a TCP node.
    public static func tcp(host: String = "127.0.0.1", port: Int = DisqueDefaults.port, password: String? = nil) -> Self {
        DisqueConnectionOptions(endpoint: .tcp(host: host, port: port), password: password)
    }

    /// Options for a node on a Unix socket.
    public static func unix(path: String, password: String? = nil) -> Self {
        DisqueConnectionOptions(endpoint: .unix(path: path), password: password)
    }
}

/// How to find a Disque cluster and how patient to be with its nodes. Every
/// wait has a limit by default; only a caller who asks (a nil timeout, a
/// GETJOB without TIMEOUT) waits without one.
public struct DisqueClusterOptions: Sendable, Hashable {
    /// Nodes to start from, tried in random order until one answers HELLO; the
    /// rest of the cluster is learnt from HELLO. Asked again when no known node answers.
    public var seeds: [DisqueEndpoint]
    /// Sent with AUTH to every node.
    public var password: String?
    public var connectTimeout: Duration
    /// Longest wait for a reply (commands that block on purpose add their own
    /// timeout). Nil waits forever: only when asked for.
    public var readTimeout: Duration?
    /// Longest wait for a node to accept more bytes; nil waits forever.
    public var writeTimeout: Duration?
    /// Ask HELLO again this often, besides after every failure; nil: only after failures.
    public var helloRefresh: Duration?
    /// When GETJOB follows the jobs to the node that produces them.
    public var locality: LocalityOptions
    /// How long a node that could not be reached is skipped.
    public var unreachableCooldown: Duration
    /// How long a node that said it is leaving is kept away from for new work.
    public var leavingCooldown: Duration

    public init(seeds: [DisqueEndpoint], password: String? = nil, connectTimeout: Duration = .seconds(2),
                readTimeout: Duration? = .seconds(5), writeTimeout: Duration? = .seconds(5),
                helloRefresh: Duration? = .seconds(30), locality: LocalityOptions = LocalityOptions(),
                unreachableCooldown: Duration = .seconds(10), leavingCooldown: Duration = .seconds(120)) {
        self.seeds = seeds
        self.password = password
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
        self.writeTimeout = writeTimeout
        self.helloRefresh = helloRefresh
        self.locality = locality
        self.unreachableCooldown = unreachableCooldown
        self.leavingCooldown = leavingCooldown
    }

    /// Seeds on 127.0.0.1 at the given ports.
    public static func local(ports: [Int], password: String? = nil) -> Self {
        DisqueClusterOptions(seeds: ports.map { .tcp(host: "127.0.0.1", port: $0) }, password: password)
    }

    /// The options for one node's connection. It may reconnect once to the
    /// same node (a link closed while idle), under DisqueConnection's own rule:
    /// only what was never written or is safe to repeat is sent again.
    public func connectionOptions(for endpoint: DisqueEndpoint) -> DisqueConnectionOptions {
        DisqueConnectionOptions(endpoint: endpoint, password: password, connectTimeout: connectTimeout,
                                readTimeout: readTimeout, writeTimeout: writeTimeout, reconnect: true)
    }

    /// The routing policy's share of these options.
    public var routerOptions: ClusterRouter.Options {
        ClusterRouter.Options(helloRefresh: helloRefresh, unreachableCooldown: unreachableCooldown,
                              leavingCooldown: leavingCooldown, locality: locality)
    }
}

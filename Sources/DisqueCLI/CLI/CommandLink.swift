import Disque
import RESP

/// Where one-shot commands and the shell send commands: one node, exactly as
/// before, or — when more than one node is named — the cluster client, which
/// moves off nodes that die, leave or refuse, and never sends a job twice.
enum CommandLink {
    case node(DisqueConnection)
    case cluster(DisqueCluster)

    /// Connects to the one node, or to the cluster through `cluster`'s seeds.
    /// `onMove` hears of every change of node.
    static func open(_ options: DisqueConnectionOptions, cluster: DisqueClusterOptions?, interrupt: Int32? = nil,
                     echo: (@Sendable (EchoEvent) -> Void)?,
                     onMove: @escaping (ClusterMove) -> Void) throws(DisqueError) -> CommandLink {
        guard let cluster else {
            let connection = try DisqueConnection(options: options, interruptDescriptor: interrupt)
            connection.echo = echo
            connection.warnAboutAuthentication()
            return .node(connection)
        }
        let client = try DisqueCluster(options: cluster, interruptDescriptor: interrupt)
        if let echo { client.echo = { _, event in echo(event) } }
        client.onMove = onMove
        return .cluster(client)
    }

    func send(_ command: ResolvedCommand) throws(DisqueError) -> RESPValue {
        switch self {
        case .node(let connection): return try connection.send(command)
        case .cluster(let cluster): return try cluster.send(command)
        }
    }

    /// The cluster client opens links as it needs them: it counts as connected
    /// until it reports that no node is reachable.
    var isConnected: Bool {
        switch self {
        case .node(let connection): return connection.isConnected
        case .cluster: return true
        }
    }

    /// The node commands about no job in particular go to (GETJOB, QLEN…).
    var currentEndpoint: DisqueEndpoint? {
        switch self {
        case .node(let connection): return connection.options.endpoint
        case .cluster(let cluster): return cluster.currentNode?.endpoint
        }
    }

    var cluster: DisqueCluster? {
        if case .cluster(let cluster) = self { return cluster }
        return nil
    }

    func close() {
        switch self {
        case .node(let connection): connection.close()
        case .cluster(let cluster): cluster.close()
        }
    }
}

extension DisqueConnection {
    /// redis-cli's behaviour for a password the node does not need: a warning, and on.
    func warnAboutAuthentication() {
        if let warning = authenticationWarning { writeError("Warning: AUTH failed: \(warning)") }
    }
}

extension ClusterMove {
    /// The line a move prints on stderr, e.g. "127.0.0.1:7711 is leaving; now on 127.0.0.1:7712",
    /// with the role named when only one of ADDJOB's and GETJOB's nodes moved.
    var cliLine: String {
        guard roles.count == 1, let role = roles.first else { return description }
        return description + (role == .producer ? " (for ADDJOB)" : " (for GETJOB and queue commands)")
    }
}

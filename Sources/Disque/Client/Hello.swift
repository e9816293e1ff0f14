import RESP

/// HELLO: the node's view of the cluster, for choosing where to connect.
public struct Hello: Sendable, Hashable {
    public struct Node: Sendable, Hashable {
        public var id: String
        /// "" for a lone node that never met another.
        public var host: String
        public var port: Int
        /// How the answering node rates it, lower is better: 1 healthy; 5 no
        /// link to it right now; 10 suspected of failing; 100 failed, or leaving
        /// the cluster. Clients prefer 1, may use 5, and keep away from 10 and 100.
        public var priority: Int
    }

    /// The HELLO format version (1).
    public var version: Int
    /// The ID of the node that answered.
    public var myID: String
    /// Every node it knows, itself included.
    public var nodes: [Node]

    /// The entry of the node that answered.
    public var myself: Node? { nodes.first { $0.id == myID } }
}

extension Hello {
    /// `[version, myID, [id, host, port, priority]…]`; port and priority come as bulk strings.
    public init(reply: RESPValue, command: String) throws(DisqueError) {
        let items = try reply.elements(for: command)
        guard items.count >= 2 else { throw DisqueError.protocol("\(command): reply has \(items.count) elements") }
        var nodes: [Node] = []
        for entry in items.dropFirst(2) {
            let fields = try entry.elements(for: command)
            guard fields.count >= 4 else { throw DisqueError.protocol("\(command): a node entry has \(fields.count) fields") }
            nodes.append(Node(id: try fields[0].text(for: command), host: try fields[1].text(for: command),
                              port: try fields[2].integer(for: command), priority: try fields[3].integer(for: command)))
        }
        self.init(version: try items[0].integer(for: command), myID: try items[1].text(for: command), nodes: nodes)
    }
}

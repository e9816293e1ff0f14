extension CommandTable {
    static let clusterCommands: [CommandDescriptor] = [
        CommandDescriptor(
            "HELLO", group: .cluster,
            summary: "List the cluster's nodes with their addresses and priorities",
            reply: .hello, isIdempotent: true),
        CommandDescriptor(
            "CLUSTER", subcommand: "MEET", group: .cluster,
            summary: "Introduce another node so that it joins this node's cluster",
            arguments: [.value("ip", .text), .value("port", .integer())], reply: .status),
        CommandDescriptor(
            "CLUSTER", subcommand: "NODES", group: .cluster,
            summary: "Describe every node this node knows, one line each",
            reply: .clusterNodes, isIdempotent: true),
        CommandDescriptor(
            "CLUSTER", subcommand: "MYID", group: .cluster,
            summary: "Show this node's ID",
            reply: .bulk, isIdempotent: true),
        CommandDescriptor(
            "CLUSTER", subcommand: "INFO", group: .cluster,
            summary: "Report this node's view of the cluster: state, size, messages",
            reply: .info, isIdempotent: true),
        CommandDescriptor(
            "CLUSTER", subcommand: "FORGET", group: .cluster,
            summary: "Drop a node from this node's table and keep it out for a while",
            arguments: [.value("node-id", .nodeID)], reply: .status),
        CommandDescriptor(
            "CLUSTER", subcommand: "LEAVING", group: .cluster,
            summary: "Mark this node as leaving the cluster or not; alone, tell whether it is",
            arguments: [.optional(.value("flag", .choice(["yes", "no"])))],
            reply: .status, isIdempotent: true),
        CommandDescriptor(
            "CLUSTER", subcommand: "RESET", group: .cluster,
            summary: "Forget every other node; HARD also gives this node a new ID",
            arguments: [.optional(.value("mode", .choice(["SOFT", "HARD"])))], reply: .status),
        CommandDescriptor(
            "CLUSTER", subcommand: "SAVECONFIG", group: .cluster,
            summary: "Write the cluster state to the nodes file now",
            reply: .status),
    ]

    static let connectionCommands: [CommandDescriptor] = [
        CommandDescriptor(
            "PING", group: .connection,
            summary: "Check that the server answers; echoes the message when one is given",
            arguments: [.optional(.value("message", .text))], reply: .status, isIdempotent: true),
        CommandDescriptor(
            "AUTH", group: .connection,
            summary: "Authenticate this connection with the server's password",
            arguments: [.value("password", .text)], reply: .status, isIdempotent: true),
        CommandDescriptor(
            "QUIT", group: .connection,
            summary: "Ask the server to close this connection",
            reply: .status, ignoresExtraArguments: true),
        CommandDescriptor(
            "CLIENT", subcommand: "LIST", group: .connection,
            summary: "List the connected clients, one line each",
            reply: .text, isIdempotent: true),
        CommandDescriptor(
            "CLIENT", subcommand: "KILL", group: .connection,
            summary: "Close client connections chosen by address, or by ID, type and address filters",
            arguments: [
                .optional(.value("ip:port", .text)),
                .option("ID", [.value("client-id", .integer())]),
                .option("TYPE", [.value("type", .choice(["normal"]))]),
                .option("ADDR", [.value("ip:port", .text)]),
                .option("SKIPME", [.value("flag", .choice(["yes", "no"]))]),
            ],
            reply: .generic),
        CommandDescriptor(
            "CLIENT", subcommand: "GETNAME", group: .connection,
            summary: "Read the name given to this connection",
            reply: .bulk, isIdempotent: true),
        CommandDescriptor(
            "CLIENT", subcommand: "SETNAME", group: .connection,
            summary: "Name this connection, as CLIENT LIST shows it; empty removes the name",
            arguments: [.value("connection-name", .text)], reply: .status, isIdempotent: true),
        CommandDescriptor(
            "CLIENT", subcommand: "PAUSE", group: .connection,
            summary: "Hold every client's commands for some milliseconds",
            arguments: [.value("ms-timeout", .milliseconds)], reply: .status),
        CommandDescriptor(
            "CLIENT", subcommand: "REPLY", group: .connection,
            summary: "Turn the server's replies to this connection on or off, or skip the next one",
            arguments: [.value("mode", .choice(["ON", "OFF", "SKIP"]))], reply: .status),
    ]
}

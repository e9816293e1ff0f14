import Glibc

/// AUTH, PING, HELLO, TIME, SHUTDOWN, MONITOR, DEBUG, CLUSTER, COMMAND and the
/// introspection commands a lone node can answer honestly.
extension DisqueNode {
    func auth(_ client: ClientConnection, _ args: [[UInt8]]) {
        guard let password else {
            return client.addError("ERR Client sent AUTH, but no password is set")
        }
        if args[1] == Array(password.utf8) {
            client.authenticated = true
            client.addOK()
        } else {
            client.authenticated = false
            client.addError("ERR invalid password")
        }
    }

    func ping(_ client: ClientConnection, _ args: [[UInt8]]) {
        if args.count > 2 { return client.addError("ERR wrong number of arguments for 'ping' command") }
        if args.count == 2 { client.addBulk(args[1]) } else { client.addStatus("PONG") }
    }

    /// [1, my ID, [ID, host, port, priority]]: a node that never met another
    /// reports its host as ""; priority 100 tells clients it is leaving.
    func hello(_ client: ClientConnection, _ args: [[UInt8]]) {
        client.addArrayHeader(3)
        client.addInteger(1)
        client.addBulk(nodeID)
        client.addArrayHeader(4)
        client.addBulk(nodeID)
        client.addBulk("")
        client.addBulk(integer: Int64(port))
        client.addBulk(leaving ? "100" : "1")
    }

    func time(_ client: ClientConnection, _ args: [[UInt8]]) {
        let (seconds, micros) = clock.secondsAndMicroseconds
        client.addArrayHeader(2)
        client.addBulk(integer: seconds)
        client.addBulk(integer: micros)
    }

    func shutdown(_ client: ClientConnection, _ args: [[UInt8]]) {
        if args.count > 2 || (args.count == 2 && !Arguments.equals(args[1], "rewrite-aof")) {
            return client.addSyntaxError()
        }
        // Like the real server: no reply, the connection just closes as the node exits.
        loop?.requestShutdown()
    }

    func monitor(_ client: ClientConnection, _ args: [[UInt8]]) {
        guard !client.isMonitor else { return }
        client.isMonitor = true
        monitors.append(client)
        client.addOK()
    }

    func debug(_ client: ClientConnection, _ args: [[UInt8]]) {
        let sub = args[1]
        if Arguments.equals(sub, "flushall") {
            flushAll()
            client.addOK()
        } else if Arguments.equals(sub, "sleep") && args.count == 3 {
            let seconds = Double(Arguments.text(args[2])) ?? 0
            if seconds > 0 { usleep(UInt32(min(seconds, 4000) * 1_000_000)) }
            client.addOK()
        } else if Arguments.equals(sub, "error") && args.count == 3 {
            client.addError(Arguments.text(args[2]))
        } else {
            client.addError("ERR Unknown DEBUG subcommand or wrong number of arguments for '\(Arguments.text(sub))'")
        }
    }

    func cluster(_ client: ClientConnection, _ args: [[UInt8]]) {
        let sub = args[1]
        if Arguments.equals(sub, "nodes") && args.count == 2 {
            // A lone node knows only itself, with no address learned from peers.
            let flags = leaving ? "myself,leaving" : "myself"
            client.addBulk("\(nodeID) :\(port) \(flags) 0 0 connected\n")
        } else if Arguments.equals(sub, "myid") && args.count == 2 {
            client.addBulk(nodeID)
        } else if Arguments.equals(sub, "info") && args.count == 2 {
            client.addBulk("cluster_state:ok\r\ncluster_known_nodes:1\r\ncluster_reachable_nodes:0\r\n"
                + "cluster_size:1\r\ncluster_stats_messages_sent:0\r\ncluster_stats_messages_received:0\r\n")
        } else if Arguments.equals(sub, "meet") && args.count == 4 {
            guard let port = Arguments.longLong(args[3]) else {
                return client.addError("ERR Invalid TCP port specified: ", quoting: args[3], "")
            }
            // The server's handshake takes the port as an `int` and needs room for the bus port (+10000).
            let busPort = Int32(truncatingIfNeeded: port)
            var address = in6_addr()
            let ip = Arguments.text(args[2])
            guard busPort > 0, busPort <= 65535 - 10000,
                  inet_pton(AF_INET, ip, &address) == 1 || inet_pton(AF_INET6, ip, &address) == 1 else {
                // The port is digits and a sign by now, so it is safe to print as text.
                return client.addError("ERR Invalid node address specified: ", quoting: args[2],
                                       ":" + Arguments.text(args[3]))
            }
            client.addError("ERR MiniDisque is a single node and cannot meet other nodes")
        } else if Arguments.equals(sub, "forget") && args.count == 3 {
            guard args[2].count == 40 else { return client.addError("ERR Invalid node identifier") }
            if args[2] == Array(nodeID.utf8) {
                return client.addError("ERR I tried hard but I can't forget myself...")
            }
            client.addError("ERR Unknown node \(Arguments.text(args[2]))")
        } else if Arguments.equals(sub, "reset") && (args.count == 2 || args.count == 3) {
            if args.count == 3 && !Arguments.equals(args[2], "hard") && !Arguments.equals(args[2], "soft") {
                return client.addSyntaxError()
            }
            client.addOK()
        } else if Arguments.equals(sub, "saveconfig") && args.count == 2 {
            client.addOK()
        } else if Arguments.equals(sub, "leaving") && (args.count == 2 || args.count == 3) {
            if args.count == 2 { return client.addStatus(leaving ? "yes" : "no") }
            if Arguments.equals(args[2], "yes") {
                leaving = true
                client.addOK()
            } else if Arguments.equals(args[2], "no") {
                leaving = false
                client.addOK()
            } else {
                client.addError("ERR Wrong argument for CLUSTER LEAVING. Use 'yes' or 'no'")
            }
        } else {
            client.addError("ERR Wrong CLUSTER subcommand or number of arguments")
        }
    }

    func command(_ client: ClientConnection, _ args: [[UInt8]]) {
        if args.count == 1 {
            client.addArrayHeader(ServerCommandTable.all.count)
            for command in ServerCommandTable.all { addCommandInfo(command, to: client) }
        } else if Arguments.equals(args[1], "info") {
            client.addArrayHeader(args.count - 2)
            for name in args[2...] {
                if let command = ServerCommandTable.byName[Arguments.lowercased(name)] {
                    addCommandInfo(command, to: client)
                } else {
                    client.addNullBulk()
                }
            }
        } else if Arguments.equals(args[1], "count") && args.count == 2 {
            client.addInteger(ServerCommandTable.all.count)
        } else {
            client.addError("ERR Unknown subcommand or wrong number of arguments.")
        }
    }

    private func addCommandInfo(_ command: ServerCommand, to client: ClientConnection) {
        client.addArrayHeader(6)
        client.addBulk(command.name)
        client.addInteger(command.arity)
        client.addArrayHeader(command.flags.count)
        for flag in command.flags { client.addStatus(flag) }
        client.addInteger(0)
        client.addInteger(0)
        client.addInteger(0)
    }

    /// Nothing here is ever slow enough to log; the empty answers keep tools working.
    func slowlog(_ client: ClientConnection, _ args: [[UInt8]]) {
        if Arguments.equals(args[1], "get") && args.count <= 3 {
            // The count is still read as a long, so a bad one is refused as it would be.
            if args.count == 3 && Arguments.longLong(args[2]) == nil {
                return client.addError("ERR value is not an integer or out of range")
            }
            client.addArrayHeader(0)
        } else if Arguments.equals(args[1], "len") && args.count == 2 {
            client.addInteger(0)
        } else if Arguments.equals(args[1], "reset") && args.count == 2 {
            client.addOK()
        } else {
            client.addError("ERR Unknown SLOWLOG subcommand or wrong # of args. Try GET, RESET, LEN.")
        }
    }

    func latency(_ client: ClientConnection, _ args: [[UInt8]]) {
        if Arguments.equals(args[1], "latest") && args.count == 2 {
            client.addArrayHeader(0)
        } else if Arguments.equals(args[1], "history") && args.count == 3 {
            client.addArrayHeader(0)
        } else if Arguments.equals(args[1], "reset") {
            client.addInteger(0)
        } else if Arguments.equals(args[1], "doctor") && args.count == 2 {
            client.addBulk("Dave, no latency spike was observed during the lifetime of this MiniDisque instance.\n")
        } else {
            client.addError("ERR Syntax error, try LATENCY (LATEST | HISTORY event | RESET [event] | DOCTOR)")
        }
    }

    func bgrewriteaof(_ client: ClientConnection, _ args: [[UInt8]]) {
        client.addError("ERR MiniDisque keeps jobs in memory only: there is no AOF to rewrite")
    }
}

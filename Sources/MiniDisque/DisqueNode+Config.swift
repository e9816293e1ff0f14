/// CONFIG and CLIENT: the parts that make sense for an in-memory lone node.
extension DisqueNode {
    /// Parameters CONFIG GET knows, with this node's values.
    private var configParameters: [(String, String)] {
        [
            ("port", String(port)), ("bind", ""), ("requirepass", password ?? ""),
            ("unixsocket", unixSocketPath ?? ""), ("unixsocketperm", "0"), ("hz", "10"),
            ("appendonly", "no"), ("appendfilename", "disque.aof"), ("appendfsync", "everysec"),
            ("dir", ""), ("maxclients", String(maxClients)), ("maxmemory", "0"), ("maxmemory-policy", "noeviction"),
            ("timeout", "0"), ("tcp-keepalive", "0"), ("tcp-backlog", "511"), ("loglevel", "notice"),
            ("logfile", ""), ("daemonize", "no"), ("pidfile", ""), ("cluster-config-file", ""),
            ("cluster-node-timeout", "15000"), ("slowlog-log-slower-than", "10000"), ("slowlog-max-len", "128"),
            ("latency-monitor-threshold", "0"),
        ]
    }

    func config(_ client: ClientConnection, _ args: [[UInt8]]) {
        let sub = args[1]
        if Arguments.equals(sub, "get") {
            guard args.count == 3 else { return client.addError("ERR Wrong number of arguments for CONFIG get") }
            let pattern = Array(Arguments.lowercased(args[2]).utf8)
            let matches = configParameters.filter { globMatch(pattern, Array($0.0.utf8)) }
            client.addArrayHeader(matches.count * 2)
            for (name, value) in matches {
                client.addBulk(name)
                client.addBulk(value)
            }
        } else if Arguments.equals(sub, "set") {
            guard args.count == 4 else { return client.addError("ERR Wrong number of arguments for CONFIG set") }
            client.addError("ERR Unsupported CONFIG parameter: \(Arguments.text(args[2]))")
        } else if Arguments.equals(sub, "resetstat") {
            guard args.count == 2 else { return client.addError("ERR Wrong number of arguments for CONFIG resetstat") }
            commandsProcessed = 0
            commandStats = commandStats.map { _ in (0, 0) }
            loop?.stats = LoopStats()
            client.addOK()
        } else if Arguments.equals(sub, "rewrite") {
            client.addError("ERR The server is running without a config file")
        } else {
            client.addError("ERR CONFIG subcommand must be one of GET, SET, RESETSTAT, REWRITE")
        }
    }

    func clientCommand(_ client: ClientConnection, _ args: [[UInt8]]) {
        let sub = args[1]
        if Arguments.equals(sub, "list") && args.count == 2 {
            let now = clock.milliseconds
            var text = ""
            for other in loop?.connectedClients ?? [] {
                var flags = ""
                if other.blocked != nil { flags += "b" }
                if other.isMonitor { flags += "O" }
                if other.closeAfterReply { flags += "c" }
                if other.isUnixSocket { flags += "U" }
                text += "id=\(other.id) addr=\(other.address) fd=\(other.fd) name=\(Arguments.text(other.name ?? []))"
                text += " age=\((now &- other.createdAt) / 1000) idle=\((now &- other.lastInteraction) / 1000)"
                text += " flags=\(flags.isEmpty ? "N" : flags) qbuf=\(other.pendingInputCount) obl=0"
                text += " oll=0 omem=\(other.pendingOutputCount) events=r cmd=\(other.lastCommand)\n"
            }
            client.addBulk(text)
        } else if Arguments.equals(sub, "getname") && args.count == 2 {
            if let name = client.name { client.addBulk(name) } else { client.addNullBulk() }
        } else if Arguments.equals(sub, "setname") && args.count == 3 {
            if args[2].contains(where: { $0 < 33 || $0 > 126 }) {
                return client.addError("ERR Client names cannot contain spaces, newlines or special characters.")
            }
            client.name = args[2].isEmpty ? nil : args[2]
            client.addOK()
        } else if Arguments.equals(sub, "kill") && args.count == 3 {
            let target = Arguments.text(args[2])
            guard let victim = loop?.connectedClients.first(where: { $0.address == target }) else {
                return client.addError("ERR No such client")
            }
            killClient(victim, requestedBy: client)
            client.addOK()
        } else if Arguments.equals(sub, "kill") && args.count == 4 && Arguments.equals(args[2], "id") {
            // The new-style form answers how many it killed; it skips the caller,
            // and ID 0 filters nothing, as in the real server.
            guard let id = Arguments.longLong(args[3]) else {
                return client.addError("ERR value is not an integer or out of range")
            }
            let victims = (loop?.connectedClients ?? []).filter { $0 !== client && (id == 0 || $0.id == id) }
            for victim in victims { killClient(victim, requestedBy: client) }
            client.addInteger(victims.count)
        } else {
            client.addError("ERR Syntax error, try CLIENT (LIST | KILL ip:port | GETNAME | SETNAME connection-name)")
        }
    }

    private func killClient(_ victim: ClientConnection, requestedBy client: ClientConnection) {
        if victim === client {
            victim.closeAfterReply = true // still gets its +OK, like the real server
        } else {
            victim.closeASAP = true
            loop?.scheduleClose(victim)
        }
    }

    /// Glob matching for CONFIG GET (*, ?, [abc], \x), like stringmatchlen.
    func globMatch(_ pattern: [UInt8], _ text: [UInt8]) -> Bool {
        func match(_ p: Int, _ t: Int) -> Bool {
            var p = p, t = t
            while p < pattern.count {
                switch pattern[p] {
                case UInt8(ascii: "*"):
                    while p + 1 < pattern.count && pattern[p + 1] == UInt8(ascii: "*") { p += 1 }
                    if p + 1 == pattern.count { return true }
                    for start in t...text.count where match(p + 1, start) { return true }
                    return false
                case UInt8(ascii: "?"):
                    if t >= text.count { return false }
                    t += 1
                case UInt8(ascii: "["):
                    guard t < text.count else { return false }
                    var q = p + 1
                    let negate = q < pattern.count && pattern[q] == UInt8(ascii: "^")
                    if negate { q += 1 }
                    var found = false
                    while q < pattern.count && pattern[q] != UInt8(ascii: "]") {
                        if q + 2 < pattern.count && pattern[q + 1] == UInt8(ascii: "-") && pattern[q + 2] != UInt8(ascii: "]") {
                            if pattern[q] <= text[t] && text[t] <= pattern[q + 2] { found = true }
                            q += 3
                        } else {
                            if pattern[q] == text[t] { found = true }
                            q += 1
                        }
                    }
                    if found == negate { return false }
                    p = q
                    t += 1
                case UInt8(ascii: "\\") where p + 1 < pattern.count:
                    p += 1
                    if t >= text.count || pattern[p] != text[t] { return false }
                    t += 1
                default:
                    if t >= text.count || pattern[p] != text[t] { return false }
                    t += 1
                }
                p += 1
            }
            return t == text.count
        }
        return match(0, 0)
    }
}

import Disque

extension ShellSession {
    /// Runs the shell's own words (help, quit, exit, clear, connect, nodes, queue); false
    /// when `words` is a command for the server.
    func runBuiltin(_ words: [String]) -> Bool {
        guard let name = words.first?.lowercased() else { return false }
        switch name {
        case "quit", "exit":
            finished = true
        case "help", "?":
            write(help(Array(words.dropFirst())))
        case ":set":
            if let problem = settings.apply(Array(words.dropFirst())) {
                Terminal.writeError(problem + "\n")
            }
            editor.showsHints = hintsPossible && settings.hints
        case "clear":
            write("\u{1B}[H\u{1B}[2J")
        case "connect":
            connect(to: Array(words.dropFirst()))
        case "nodes":
            showNodes()
        case "queue":
            showQueue(Array(words.dropFirst()))
        default:
            return false
        }
        return true
    }

    /// `connect <host> <port>`, `connect <host>[:port]` (port 7711), `connect [::1]:7711`
    /// or `connect <socket-path>`.
    private func connect(to arguments: [String]) {
        let usage = "Usage: connect <host> <port> | connect <host:port> | connect <unix-socket-path>"
        switch arguments.count {
        case 1 where arguments[0].contains("/"):
            connectionOptions.endpoint = .unix(path: arguments[0])
        case 1:
            do {
                connectionOptions.endpoint = try NodeAddressList.parseEntry(arguments[0], defaultPort: DisqueDefaults.port,
                                                                            source: "connect")
            } catch {
                printError("(error) " + error.description + "\n" + usage)
                return
            }
        case 2:
            guard let port = Int(arguments[1]), (1...65535).contains(port) else {
                printError("(error) connect: <port> expects a number from 1 to 65535, got \"\(arguments[1])\"\n" + usage)
                return
            }
            connectionOptions.endpoint = .tcp(host: arguments[0], port: port)
        default:
            printError("(error) connect: expects a host and a port\n" + usage)
            return
        }
        reseedCluster(on: connectionOptions.endpoint)
        queueNames.invalidate()
        connect()
    }
}

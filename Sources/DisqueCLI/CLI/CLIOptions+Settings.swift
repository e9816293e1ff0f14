import Disque
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension CLIOptions {
    /// The nodes the command line names, and a password `-u` carried.
    struct NodeSelection {
        var nodes: [DisqueEndpoint]
        var uriPassword: String?
    }

    /// `-s`, else `-u`, else every `-h`, else `DISQUE_NODES`, else 127.0.0.1 —
    /// entries without a port on `-p`. One node behaves as it always did;
    /// more than one uses the cluster client (stdin and --pipe: the first that answers).
    func nodeSelection() throws(UsageError) -> NodeSelection {
        if let socket { return NodeSelection(nodes: [.unix(path: socket)]) }
        if let uri {
            let (nodes, password) = try NodeAddressList.parseURI(uri, defaultPort: port)
            return NodeSelection(nodes: nodes, uriPassword: password)
        }
        if !hosts.isEmpty {
            var nodes: [DisqueEndpoint] = []
            for value in hosts {
                for node in try NodeAddressList.parse(value, defaultPort: port, source: "-h") where !nodes.contains(node) {
                    nodes.append(node)
                }
            }
            return NodeSelection(nodes: nodes)
        }
        if let value = getenv("DISQUE_NODES").map({ String(cString: $0) }), !value.trimmingBlanks.isEmpty {
            return NodeSelection(nodes: try NodeAddressList.parse(value, defaultPort: port, source: "DISQUE_NODES"))
        }
        return NodeSelection(nodes: [.tcp(host: "127.0.0.1", port: port)])
    }

    /// The nodes; `validate()` has already refused a list that does not parse.
    var nodes: [DisqueEndpoint] {
        (try? nodeSelection().nodes) ?? [.tcp(host: "127.0.0.1", port: port)]
    }

    /// The password: `-a` wins over a `-u` password, which wins over
    /// `DISQUE_AUTH`; an empty one means none.
    var resolvedPassword: String? {
        if let password, !password.isEmpty { return password }
        if let fromURI = (try? nodeSelection())?.uriPassword { return fromURI }
        if let value = getenv("DISQUE_AUTH") {
            let text = String(cString: value)
            return text.isEmpty ? nil : text
        }
        return nil
    }

    /// Where to connect (the first node named), how, and with which password.
    func connectionOptions(endpointOverride: DisqueEndpoint? = nil) -> DisqueConnectionOptions {
        let endpoint = endpointOverride ?? nodes[0]
        return DisqueConnectionOptions(
            endpoint: endpoint,
            password: resolvedPassword,
            connectTimeout: .milliseconds(Int64((connectTimeout * 1000).rounded())),
            readTimeout: readTimeoutDuration,
            writeTimeout: nil,
            reconnect: true
        )
    }

    /// The cluster client's options when more than one node is named. No read
    /// timeout, as for one node: GETJOB and MONITOR block on purpose, and a
    /// dead node's link breaks at once on its own.
    func clusterOptions(seeds: [DisqueEndpoint]) -> DisqueClusterOptions {
        DisqueClusterOptions(seeds: seeds, password: resolvedPassword,
                             connectTimeout: .milliseconds(Int64((connectTimeout * 1000).rounded())),
                             readTimeout: readTimeoutDuration, writeTimeout: nil)
    }

    /// `-t` as a Duration; nil (no limit) when not given.
    var readTimeoutDuration: Duration? {
        readTimeout.map { .milliseconds(Int64(($0 * 1000).rounded(.up))) }
    }

    /// The output style: the flag asked for, else pretty on a terminal and raw elsewhere.
    func formatter(for fileDescriptor: Int32 = 1) -> ReplyFormatter {
        let style: ReplyFormatter.Style
        if json {
            style = .json
        } else if csv {
            style = .csv
        } else if raw {
            style = .raw
        } else if noRaw {
            style = .pretty
        } else {
            style = isatty(fileDescriptor) == 1 ? .pretty : .raw
        }
        return ReplyFormatter(style: style, color: style == .pretty && TerminalColor.enabled(for: fileDescriptor),
                              delimiter: delimiter)
    }

    /// redis-cli's warning for a password on the command line: always, as
    /// redis-cli does — a script's log is where someone finds it.
    func warnAboutCommandLinePassword() {
        guard let password, !password.isEmpty else { return }
        writeError("Warning: Using a password with '-a' on the command line may not be safe"
                   + " (other users can see it); set DISQUE_AUTH instead.")
    }
}

extension String {
    var trimmingTrailingSpace: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}

import Disque

/// The shell's cluster words: the `nodes` and `queue` views, and MONITOR on
/// the node a cluster shell is on.
extension ShellSession {
    /// `nodes`: the node table as `--nodes` shows it, the shell's node marked `*`.
    func showNodes() {
        let survey = ClusterSurvey(options: connectionOptions, seeds: surveySeeds, current: link?.currentEndpoint)
        do {
            write(ClusterSurvey.renderNodes(try survey.nodeRows(), json: false))
        } catch {
            printError("(error) nodes: " + error.description)
        }
    }

    /// `queue <name>`: one queue's QLEN and QSTAT on every node, summed.
    func showQueue(_ arguments: [String]) {
        guard arguments.count == 1 else {
            printError("(error) queue: expects one queue name\nUsage: queue <name>")
            return
        }
        let survey = ClusterSurvey(options: connectionOptions, seeds: surveySeeds, current: link?.currentEndpoint)
        do {
            write(ClusterSurvey.renderQueue(arguments[0], try survey.queueRows(arguments[0]), json: false))
        } catch {
            printError("(error) queue: " + error.description)
        }
    }

    /// Where to ask HELLO: the shell's node first, then the nodes it was given.
    private var surveySeeds: [DisqueEndpoint] {
        var seeds = [currentNodeOptions.endpoint]
        for seed in clusterOptions?.seeds ?? [] where !seeds.contains(seed) { seeds.append(seed) }
        return seeds
    }

    /// MONITOR in a cluster shell: a link of its own to the current node,
    /// streamed until Ctrl-C, then closed.
    func monitorCurrentNode() {
        do {
            let connection = try DisqueConnection(options: currentNodeOptions,
                                                  interruptDescriptor: interrupt.readDescriptor)
            defer { connection.close() }
            connection.echo = options.echo
            printReply(try connection.send(["MONITOR"]), shape: nil)
            while true {
                printReply(try connection.readReply(), shape: nil)
            }
        } catch .interrupted {
            interrupt.drain()
            write("\n")
        } catch {
            report(error)
        }
    }

    /// `connect` in a cluster shell: the cluster client starts over, seeded on
    /// that node (it learns the others from its HELLO) — the shell stays cluster-aware.
    func reseedCluster(on endpoint: DisqueEndpoint) {
        clusterOptions?.seeds = [endpoint]
    }
}

/// Node addresses for `connect` completion, from HELLO on a short-lived link
/// with tight timeouts (as queue names are), kept for a few seconds.
final class NodeAddressCache {
    private var addresses: [String] = []
    private var fetchedAt: ContinuousClock.Instant?
    private var fetchedFrom: DisqueEndpoint?

    func addresses(using options: DisqueConnectionOptions) -> [String] {
        if let fetchedAt, fetchedFrom == options.endpoint, fetchedAt.duration(to: .now) < .seconds(5) { return addresses }
        addresses = []
        if let connection = try? DisqueConnection(options: options.forCompletionLookup()) {
            defer { connection.close() }
            if let hello = try? connection.hello() {
                addresses = NodeTable(hello: hello, askedAt: options.endpoint).nodes.compactMap { node in
                    guard case .tcp(let host, let port) = node.endpoint, !host.isEmpty, port > 0 else { return nil }
                    return node.endpoint.description
                }
            }
        }
        fetchedAt = .now
        fetchedFrom = options.endpoint
        return addresses
    }
}

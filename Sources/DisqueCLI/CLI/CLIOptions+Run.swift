import Disque
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension CLIOptions {
    /// Runs the parsed command line in the mode it asks for.
    public func execute() -> Int32 {
        if generateManpage {
            FileOutput.standardOutput.write(ManPage.render())
            FileOutput.standardOutput.flush()
            return ExitStatus.success.rawValue
        }
        if let shell = generateCompletion {
            do {
                FileOutput.standardOutput.write(try ShellCompletion.script(for: shell))
                FileOutput.standardOutput.flush()
                return ExitStatus.success.rawValue
            } catch {
                writeError("disque-cli: \(error)")
                return ExitStatus.usage.rawValue
            }
        }
        // --version and one-shot `help …` need no node.
        if let status = runLocalOperation() { return status.rawValue }
        warnAboutCommandLinePassword()

        // --embedded: the node lives exactly as long as this run.
        var node: EmbeddedNode?
        if embedded {
            do {
                node = try EmbeddedNode.start(password: resolvedPassword)
            } catch {
                writeError("disque-cli: cannot start the embedded node: \(error)")
                return ExitStatus.connection.rawValue
            }
        }
        defer { node?.stop() }
        var options = connectionOptions(endpointOverride: node?.endpoint)
        let seeds = node == nil ? nodes : []
        let cluster = seeds.count > 1 ? clusterOptions(seeds: seeds) : nil

        let status: ExitStatus
        if operation.isNodeOperation {
            status = runNodeOperation(options: options, seeds: seeds.isEmpty ? [options.endpoint] : seeds)
        } else if showNodes || queueView != nil {
            status = runClusterView(options: options, seeds: seeds.isEmpty ? [options.endpoint] : seeds)
        } else if pipe || command.isEmpty && isatty(0) != 1 {
            // Scripts stay on one node: the first that accepts a link.
            if seeds.count > 1 {
                guard let first = Self.firstReachable(seeds, options: options) else { return ExitStatus.connection.rawValue }
                options.endpoint = first
                writeError("disque-cli: \(pipe ? "--pipe" : "stdin mode") runs on one node: \(options.endpoint)"
                           + " (of \(seeds.count) given)")
            }
            status = pipe
                ? PipeMode(options: options, echo: echo,
                           timeout: pipeTimeout > 0 ? Duration.milliseconds(Int64(pipeTimeout * 1000)) : nil,
                           namesNode: seeds.count > 1).run()
                : StdinScript(options: options, formatter: formatter(), echo: echo, namesNode: seeds.count > 1).run()
        } else if !command.isEmpty {
            status = runOneShot(options: options, cluster: cluster)
        } else {
            let shell = ShellOptions(connection: options, cluster: cluster, promptLabel: node == nil ? nil : "embedded",
                                     echo: echo ? EchoTrace.hook : nil, color: nil)
            return runShell(options: shell)
        }
        FileOutput.standardOutput.flush()
        return status.rawValue
    }

    /// The first of `seeds`, in the order given, that accepts a connection
    /// (and AUTH); when none does, says why for each on stderr.
    static func firstReachable(_ seeds: [DisqueEndpoint], options: DisqueConnectionOptions) -> DisqueEndpoint? {
        var problems: [String] = []
        for seed in seeds {
            var probe = options
            probe.endpoint = seed
            probe.reconnect = false
            do {
                let connection = try DisqueConnection(options: probe)
                connection.close()
                if !problems.isEmpty { writeError(problems.joined(separator: "\n")) }
                return seed
            } catch {
                problems.append("\(seed): \(error)")
            }
        }
        writeError("disque-cli: none of the \(seeds.count) nodes given answers:\n" + problems.joined(separator: "\n"))
        return nil
    }

    /// `--nodes` or `--queue NAME`: prints the view; 3 when no node answers HELLO.
    func runClusterView(options: DisqueConnectionOptions, seeds: [DisqueEndpoint]) -> ExitStatus {
        let survey = ClusterSurvey(options: options, seeds: seeds, current: nil)
        do {
            let text = try queueView.map { ClusterSurvey.renderQueue($0, try survey.queueRows($0), json: json) }
                ?? ClusterSurvey.renderNodes(try survey.nodeRows(), json: json)
            FileOutput.standardOutput.write(text)
            return .success
        } catch let error as DisqueError {
            return ExitStatus.reporting(error)
        } catch {
            writeError("\(error)")
            return .connection
        }
    }
}

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
        let options = connectionOptions(endpointOverride: node?.endpoint)

        let status: ExitStatus
        if pipe {
            status = PipeMode(options: options, echo: echo,
                              timeout: pipeTimeout > 0 ? Duration.milliseconds(Int64(pipeTimeout * 1000)) : nil).run()
        } else if !command.isEmpty {
            status = runOneShot(options: options)
        } else if isatty(0) == 1 {
            let shell = ShellOptions(connection: options, promptLabel: node == nil ? nil : "embedded",
                                     echo: echo ? EchoTrace.hook : nil, color: nil)
            return runShell(options: shell)
        } else {
            status = StdinScript(options: options, formatter: formatter(), echo: echo).run()
        }
        FileOutput.standardOutput.flush()
        return status.rawValue
    }
}

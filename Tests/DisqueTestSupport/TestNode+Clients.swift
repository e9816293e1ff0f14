import Disque

/// How the code under test reaches a node: the client library's options and
/// the `disque-cli` binary's flags.
extension TestNode {
    public var endpoint: DisqueEndpoint { .tcp(host: "127.0.0.1", port: port) }

    /// Options for this node, with a read timeout so a broken test fails instead of hanging.
    public func options(password: String?? = .none, reconnect: Bool = true) -> DisqueConnectionOptions {
        DisqueConnectionOptions(endpoint: endpoint, password: password ?? self.password,
                                connectTimeout: .seconds(2), readTimeout: .seconds(10),
                                writeTimeout: .seconds(10), reconnect: reconnect)
    }

    public func connect(reconnect: Bool = true) throws -> DisqueConnection {
        try DisqueConnection(options: options(reconnect: reconnect))
    }

    /// `-p <port>`: what points disque-cli at this node (no password).
    public var address: [String] { ["-p", "\(port)"] }

    /// Runs the built disque-cli against this node: `address + arguments`.
    public func cli(_ arguments: [String], stdin input: [UInt8] = [], environment: [String: String?] = [:],
                    timeout: Duration = .seconds(30)) throws -> CLIResult {
        try CLIProcess.run(address + arguments, stdin: input, environment: environment, timeout: timeout)
    }

    /// Runs disque-cli against this node with text on stdin.
    public func cli(_ arguments: [String], input: String, environment: [String: String?] = [:],
                    timeout: Duration = .seconds(30)) throws -> CLIResult {
        try cli(arguments, stdin: Array(input.utf8), environment: environment, timeout: timeout)
    }
}

import Disque

/// How the interactive shell starts: where it connects and how it talks.
public struct ShellOptions: Sendable {
    /// The node (or the in-process MiniDisque for `--embedded`), password and timeouts.
    /// Its read timeout (`-t`) applies to commands that do not block by design.
    public var connection: DisqueConnectionOptions
    /// With more than one node named: the cluster client's options (its seeds
    /// include `connection`'s node). Nil talks to the one node only.
    public var cluster: DisqueClusterOptions?
    /// Shown in the prompt instead of the endpoint (e.g. "embedded"); nil shows
    /// `127.0.0.1:7711` or the socket path.
    public var promptLabel: String?
    /// Sees every command sent and reply received (`--echo`).
    public var echo: (@Sendable (EchoEvent) -> Void)?
    /// Colour in replies and hints; nil decides from the terminal (never with
    /// NO_COLOR or TERM=dumb).
    public var color: Bool?
    /// The history file; nil reads DISQUECLI_HISTFILE, else ~/.disquecli_history.
    /// "/dev/null" or "" turns history on disk off.
    public var historyPath: String?

    public init(connection: DisqueConnectionOptions = DisqueConnectionOptions(),
                cluster: DisqueClusterOptions? = nil, promptLabel: String? = nil, echo: (@Sendable (EchoEvent) -> Void)? = nil,
                color: Bool? = nil, historyPath: String? = nil) {
        self.connection = connection
        self.cluster = cluster
        self.promptLabel = promptLabel
        self.echo = echo
        self.color = color
        self.historyPath = historyPath
    }
}

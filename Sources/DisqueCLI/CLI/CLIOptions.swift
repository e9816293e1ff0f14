import Disque
/// Everything the command line says, as plain values: filled by
/// ArgumentParser (`DisqueCLICommand`) or, for the common simple command
/// lines, by the fast parser that keeps one-shot start-up under a millisecond.
public struct CLIOptions: Sendable, Hashable {
    /// Every `-h` value as given; each may list several nodes (`a:7711,b:7712`).
    public var hosts: [String] = []
    /// Every `-p` value: more than one is a usage error (it used to keep the last silently).
    public var ports: [Int] = []
    /// `-u disque://[:password@]host:port[,host:port…]`
    public var uri: String?
    public var socket: String?
    public var password: String?
    public var echo = false
    public var raw = false
    public var noRaw = false
    public var csv = false
    public var json = false
    /// `-d`: between the elements of an array in raw output.
    public var delimiter = "\n"
    /// `-r`: -1 repeats forever.
    public var repeatCount = 1
    /// `-i`, in seconds.
    public var interval: Double = 0
    /// `-x`
    public var lastArgumentFromStdin = false
    /// `-e` (accepted; exiting non-zero on an error reply is always on).
    public var exitOnError = false
    public var pipe = false
    /// Seconds; 0 waits forever.
    public var pipeTimeout: Double = 30
    /// Seconds.
    public var connectTimeout: Double = 5
    /// `-t`: seconds to wait for the reply to a command that does not block by
    /// design (GETJOB without NOHANG, MONITOR… still wait as long as they must); nil waits forever.
    public var readTimeout: Double?
    public var embedded = false
    /// `--nodes`: the cluster's nodes, their state and INFO figures.
    public var showNodes = false
    /// `--queue NAME`: that queue's QLEN and QSTAT on every node, summed.
    public var queueView: String?
    public var generateCompletion: String?
    public var generateManpage = false
    /// The Disque command and its arguments; empty for the shell / stdin mode.
    public var command: [String] = []
    /// --work, --top, --jobs, --import, --latency, --version and their settings.
    public var operation = OperationOptions()

    public init() {}

    /// `-p`, or Disque's 7711: the port of every node named without one.
    /// The shells `--generate-completion` writes scripts for.
    public static let completionShells = ["bash", "zsh", "fish"]

    public var port: Int { ports.first ?? DisqueDefaults.port }

    /// What is wrong with a command line that parsed.
    public struct UsageError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Checks combinations and ranges the parser cannot.
    public func validate() throws(UsageError) {
        func fail(_ message: String) -> UsageError { UsageError(description: message) }
        if let first = command.first, first.hasPrefix("-"), first.count > 1, operation.workQueues.isEmpty {
            throw fail("Unknown option '\(first)'")
        }
        if [raw, noRaw, csv, json].filter({ $0 }).count > 1 {
            throw fail("Choose one of --raw, --no-raw, --csv and --json.")
        }
        if ports.count > 1 {
            throw fail("-p given \(ports.count) times; give one port, and name more nodes with -h host:port,host:port.")
        }
        guard (1...65535).contains(port) else { throw fail("Port \(port) is out of range (1-65535).") }
        if uri != nil, !hosts.isEmpty { throw fail("Choose -u or -h: both name the nodes.") }
        _ = try nodeSelection()
        guard repeatCount >= 1 || repeatCount == -1 else { throw fail("-r takes a count ≥ 1, or -1 for forever.") }
        guard interval >= 0, interval.isFinite else { throw fail("-i takes seconds ≥ 0.") }
        guard pipeTimeout >= 0, pipeTimeout.isFinite else { throw fail("--pipe-timeout takes seconds ≥ 0.") }
        guard connectTimeout > 0, connectTimeout.isFinite else { throw fail("--connect-timeout takes seconds > 0.") }
        if let readTimeout, !(readTimeout > 0 && readTimeout.isFinite) { throw fail("-t takes seconds > 0.") }
        if embedded, !hosts.isEmpty || !ports.isEmpty || uri != nil || socket != nil {
            throw fail("--embedded runs its own node: leave out -h, -p, -u and -s.")
        }
        if pipe && !command.isEmpty {
            throw fail("--pipe reads commands from stdin; give no command after the flags.")
        }
        if pipe && lastArgumentFromStdin { throw fail("-x and --pipe both want stdin; choose one.") }
        if lastArgumentFromStdin && command.isEmpty {
            throw fail("-x needs a command: it reads that command's last argument from stdin.")
        }
        if showNodes || queueView != nil {
            if showNodes && queueView != nil { throw fail("Choose --nodes or --queue.") }
            if !command.isEmpty || pipe || lastArgumentFromStdin {
                throw fail("\(showNodes ? "--nodes" : "--queue") is a view of its own; give no command, --pipe or -x with it.")
            }
        }
        try validateOperation()
        if let shell = generateCompletion, !Self.completionShells.contains(shell) {
            throw fail("--generate-completion takes bash, zsh or fish, not '\(shell)'.")
        }
    }
}

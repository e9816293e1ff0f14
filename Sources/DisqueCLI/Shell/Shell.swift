import Disque
import Glibc
import RESP

/// Runs the interactive shell on the terminal until `quit`, `exit` or Ctrl-D,
/// and returns the process's exit status (0, or 1 when it cannot start).
///
/// `disque-cli` with no command and a terminal on stdin calls this; so does
/// `--embedded`, with `options.connection` pointing at its in-process node.
public func runShell(options: ShellOptions) -> Int32 {
    setlocale(LC_CTYPE, "")
    guard let session = ShellSession(options: options) else {
        Terminal.writeError("disque-cli: cannot start the interactive shell (is stdin a terminal?)\n")
        return 1
    }
    return session.run()
}

/// One interactive session: the editor, the link to the node and what the
/// shell remembers between commands (history, job IDs, queue names).
final class ShellSession {
    let options: ShellOptions
    /// Where and how to connect now (`connect` and AUTH change it).
    var connectionOptions: DisqueConnectionOptions
    /// Nil for one node; `connect` re-seeds it on the node named.
    var clusterOptions: DisqueClusterOptions?
    var link: CommandLink?
    let editor: LineEditor
    /// `:set` and ~/.disqueclirc; hints show only where the terminal can draw them.
    var settings: ShellSettings
    let hintsPossible: Bool
    let history: HistoryFile
    let formatter: ReplyFormatter
    let color: Bool
    let interrupt: InterruptPipe
    var recentJobIDs = RecentJobIDs()
    let queueNames = QueueNameCache()
    let nodeAddresses = NodeAddressCache()
    var finished = false

    init?(options: ShellOptions) {
        let color = options.color ?? TerminalColor.enabled(for: 1)
        // The hint moves the cursor with ANSI sequences: only on a real terminal.
        let dumb = getenv("TERM").map { String(cString: $0) == "dumb" } ?? true
        let hintsPossible = Terminal.isTerminal(0) && Terminal.isTerminal(1) && !dumb
        let (settings, problems) = ShellSettings.load(from: ShellSettings.filePath)
        for problem in problems { Terminal.writeError("disque-cli: \(problem)\n") }
        guard let editor = LineEditor(programName: "disque-cli", prompt: "", showsHints: hintsPossible && settings.hints),
              let interrupt = InterruptPipe() else { return nil }
        self.options = options
        self.connectionOptions = options.connection
        self.clusterOptions = options.cluster
        self.editor = editor
        self.settings = settings
        self.hintsPossible = hintsPossible
        self.color = color
        self.interrupt = interrupt
        self.formatter = ReplyFormatter(style: .pretty, color: color)
        if let path = options.historyPath {
            history = HistoryFile(path: path.isEmpty || path == "/dev/null" ? nil : path)
        } else {
            history = HistoryFile.fromEnvironment()
        }
    }

    func run() -> Int32 {
        for line in history.load() { editor.addToHistory(line) }
        let completer = Completer(
            queueNames: { [unowned self] in
                isConnected ? queueNames.names(using: currentNodeOptions) : []
            },
            nodeAddresses: { [unowned self] in
                isConnected ? nodeAddresses.addresses(using: currentNodeOptions) : []
            },
            jobIDs: { [unowned self] in recentJobIDs.ids })
        editor.complete = { completer.complete($0) }
        editor.hint = { completer.hint($0) }
        _ = connect()
        while !finished {
            editor.prompt = prompt
            switch editor.readLine() {
            case .endOfInput:
                Terminal.write("\n")
                finished = true
            case .cancelled:
                continue
            case .line(let line):
                guard line.contains(where: { $0 != " " && $0 != "\t" }) else { continue }
                remember(line)
                execute(line)
            }
        }
        link?.close()
        return 0
    }

    var isConnected: Bool { link?.isConnected ?? false }

    /// The options for the node the shell is on now (the cluster client's
    /// current node), for lookups on links of their own.
    var currentNodeOptions: DisqueConnectionOptions {
        var current = connectionOptions
        if let endpoint = link?.currentEndpoint { current.endpoint = endpoint }
        return current
    }

    /// `127.0.0.1:7711> `, the socket path, or `not connected> `; with a
    /// cluster, the node GETJOB and queue commands go to now.
    var prompt: String {
        guard isConnected else { return "not connected> " }
        return (options.promptLabel ?? currentNodeOptions.endpoint.description) + "> "
    }

    private func remember(_ line: String) {
        guard !HistoryFile.isSecret(line) else { return }
        editor.addToHistory(line)
        history.append(line)
    }

    /// Opens a fresh link with the current options; reports why when it cannot.
    @discardableResult
    func connect() -> Bool {
        link?.close()
        link = nil
        do {
            // Ctrl-C also abandons a connect that hangs.
            link = try CommandLink.open(connectionOptions, cluster: clusterOptions,
                                        interrupt: interrupt.readDescriptor, echo: options.echo,
                                        onMove: { [unowned self] move in printMove(move) })
            return true
        } catch {
            printError(error.description)
            return false
        }
    }

    /// The link, reconnecting first when it is down.
    func connectedLink() -> CommandLink? {
        if let link, link.isConnected { return link }
        return connect() ? link : nil
    }

    /// A change of node, as the cluster client reports it.
    func printMove(_ move: ClusterMove) {
        let text = move.cliLine + "\n"
        write(color ? "\u{1B}[33m" + text + "\u{1B}[0m" : text)
    }

    // MARK: - Output

    func write(_ text: String) { Terminal.write(text) }

    /// A local error (bad input, no link), styled like a server's `(error)`.
    func printError(_ message: String) {
        let text = message.hasSuffix("\n") ? message : message + "\n"
        write(color ? "\u{1B}[31m" + text + "\u{1B}[0m" : text)
    }

    func printReply(_ reply: RESPValue, shape: ReplyShape?) {
        var bytes = formatter.render(reply, shape: shape)
        if bytes.last != 0x0A { bytes.append(0x0A) }
        Terminal.write(bytes: bytes)
    }
}

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
    var connection: DisqueConnection?
    let editor: LineEditor
    let history: HistoryFile
    let formatter: ReplyFormatter
    let color: Bool
    let interrupt: InterruptPipe
    var recentJobIDs = RecentJobIDs()
    let queueNames = QueueNameCache()
    var finished = false

    init?(options: ShellOptions) {
        let color = options.color ?? TerminalColor.enabled(for: 1)
        // The hint moves the cursor with ANSI sequences: only on a real terminal.
        let dumb = getenv("TERM").map { String(cString: $0) == "dumb" } ?? true
        let hints = Terminal.isTerminal(0) && Terminal.isTerminal(1) && !dumb
        guard let editor = LineEditor(programName: "disque-cli", prompt: "", useColour: color, showsHints: hints),
              let interrupt = InterruptPipe() else { return nil }
        self.options = options
        self.connectionOptions = options.connection
        self.editor = editor
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
                isConnected ? queueNames.names(using: connectionOptions) : []
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
        connection?.close()
        return 0
    }

    var isConnected: Bool { connection?.isConnected ?? false }

    /// `127.0.0.1:7711> `, the socket path, or `not connected> `.
    var prompt: String {
        guard isConnected else { return "not connected> " }
        return (options.promptLabel ?? connectionOptions.endpoint.description) + "> "
    }

    private func remember(_ line: String) {
        guard !HistoryFile.isSecret(line) else { return }
        editor.addToHistory(line)
        history.append(line)
    }

    /// Opens a fresh link with the current options; reports why when it cannot.
    @discardableResult
    func connect() -> Bool {
        connection?.close()
        connection = nil
        do {
            // Ctrl-C also abandons a connect that hangs.
            let opened = try DisqueConnection(options: connectionOptions,
                                              interruptDescriptor: interrupt.readDescriptor)
            opened.echo = options.echo
            connection = opened
            return true
        } catch {
            printError(error.description)
            return false
        }
    }

    /// The link, reconnecting first when it is down.
    func connectedLink() -> DisqueConnection? {
        if let connection, connection.isConnected { return connection }
        return connect() ? connection : nil
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

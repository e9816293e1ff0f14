import ArgumentParser
import Disque

/// The `disque-cli` command line: flags, help text and exit codes.
///
/// With a command after the flags it runs that one command (one-shot mode);
/// without one it opens the shell when stdin is a terminal and reads commands
/// from stdin otherwise. `DisqueCLICommand.main()` is the whole program.
public struct DisqueCLICommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "disque-cli",
        abstract: "The Disque command-line client: one-shot commands, scripts on stdin, an interactive shell.",
        usage: """
            disque-cli [<options>] <command> [<argument> ...]
            disque-cli [<options>]            (shell on a terminal; else commands from stdin)
            disque-cli [<options>] --pipe < commands.resp
            """,
        discussion: """
            MODES
              With a command, disque-cli connects, runs it, prints the reply and exits.
              Without one, it opens the interactive shell when stdin is a terminal;
              otherwise it reads one command per line from stdin (quoted like the
              shell: "double quotes" with \\n \\t \\xHH escapes, 'single quotes'),
              sends them pipelined, prints the replies in input order, and reports
              each failed line on stderr as "line N: …".

            OUTPUT
              On a terminal replies look like redis-cli ("text", (integer) 3, (nil),
              numbered arrays), with jobs, SHOW/QSTAT, HELLO and scans laid out for
              reading. Elsewhere they are raw: one value a line, bulk bytes unchanged.
              --json writes one JSON value per reply; a string that is not valid
              UTF-8 is written as {"base64": "…"} so no byte is lost. An error reply
              is printed like any reply ((error) ERR …, or {"error": "…"}) and makes
              the exit status 1. Colour only on a terminal, never with NO_COLOR or
              TERM=dumb. --echo shows the wire on stderr: > command, < reply.

            -x
              Reads the last argument from stdin, byte for byte (a final newline is
              kept, as redis-cli does): disque-cli -x ADDJOB q 0 < body.bin
              is ADDJOB q <body.bin> 0 — the body goes where the <job> argument is
              when the command takes one, otherwise last.

            ENVIRONMENT
              DISQUE_AUTH   password to AUTH with; safer than -a, which other users
                            can read in the process list.
              NO_COLOR      no colour in any output.

            EXIT STATUS
              0  success
              1  the server answered an error (in stdin mode: at least one line failed)
              2  usage error: bad flags, or a command whose arguments fail validation
              3  connection failure: refused, lost, timed out, or authentication failed
            """,
        helpNames: [.long]
    )

    @Option(name: .customShort("h"), help: ArgumentHelp("Server host name or address.", valueName: "host"))
    public var host: String = "127.0.0.1"

    @Option(name: .customShort("p"), help: ArgumentHelp("Server port.", valueName: "port"))
    public var port: Int = 7711

    @Option(name: .customShort("s"), help: ArgumentHelp("Server Unix socket (overrides -h and -p).", valueName: "socket"))
    public var socket: String?

    @Option(name: .customShort("a"), help: ArgumentHelp(
        "Password for AUTH. Prefer the DISQUE_AUTH environment variable.", valueName: "password"))
    public var password: String?

    @Flag(help: "Write each command sent and reply received to stderr.")
    public var echo = false

    @Flag(help: "Raw output, even on a terminal: values as they are, one a line.")
    public var raw = false

    @Flag(name: .customLong("no-raw"), help: "Terminal-style output, even when stdout is not a terminal.")
    public var noRaw = false

    @Flag(help: "CSV output, like redis-cli --csv.")
    public var csv = false

    @Flag(help: "JSON output: one JSON value per reply.")
    public var json = false

    @Option(name: .customShort("d"), help: ArgumentHelp(
        "Delimiter between the elements of an array in raw output (default: a newline).",
        valueName: "delimiter"))
    public var delimiterOption: String?

    /// `-d`, or a newline.
    public var delimiter: String { delimiterOption ?? "\n" }

    @Option(name: .customShort("r"), parsing: .unconditional, help: ArgumentHelp(
        "Run the command N times (-1: forever).", valueName: "N"))
    public var repeatCount: Int = 1

    @Option(name: .customShort("i"), help: ArgumentHelp(
        "Wait this many seconds between repeats (fractions allowed).", valueName: "seconds"))
    public var interval: Double = 0

    @Flag(name: .customShort("x"), help: "Read the last argument from stdin (binary-safe).")
    public var lastArgumentFromStdin = false

    @Flag(name: .customShort("e"), help: "Exit non-zero when the server answers an error (always on; for redis-cli habits).")
    public var exitOnError = false

    @Flag(help: "Send raw RESP from stdin as fast as possible; print replies and errors counted.")
    public var pipe = false

    @Option(name: .customLong("pipe-timeout"), help: ArgumentHelp(
        "With --pipe: give up after this many seconds without progress (0: never).", valueName: "seconds"))
    public var pipeTimeout: Double = 30

    @Option(name: .customLong("connect-timeout"), help: ArgumentHelp(
        "Seconds to wait for the connection.", valueName: "seconds"))
    public var connectTimeout: Double = 5

    @Flag(help: "Run against an in-process MiniDisque node on a free loopback port.")
    public var embedded = false

    @Option(name: .customLong("generate-completion"), help: ArgumentHelp(
        "Print the completion script for bash, zsh or fish, and exit.", valueName: "shell"))
    public var generateCompletion: String?

    @Flag(name: .customLong("generate-manpage"), help: "Print the manual page (roff), and exit.")
    public var generateManpage = false

    @Argument(parsing: .captureForPassthrough,
              help: ArgumentHelp("A Disque command and its arguments.", valueName: "command"),
              completion: .custom { ShellCompletion.complete($0, $1, $2) })
    public var command: [String] = []

    public init() {}

    /// The parsed flags as plain values.
    public var options: CLIOptions {
        var options = CLIOptions()
        options.host = host
        options.port = port
        options.socket = socket
        options.password = password
        options.echo = echo
        options.raw = raw
        options.noRaw = noRaw
        options.csv = csv
        options.json = json
        options.delimiter = delimiter
        options.repeatCount = repeatCount
        options.interval = interval
        options.lastArgumentFromStdin = lastArgumentFromStdin
        options.exitOnError = exitOnError
        options.pipe = pipe
        options.pipeTimeout = pipeTimeout
        options.connectTimeout = connectTimeout
        options.embedded = embedded
        options.generateCompletion = generateCompletion
        options.generateManpage = generateManpage
        options.command = command
        return options
    }

    public mutating func validate() throws {
        // The passthrough capture of the command words also swallows a leading
        // `--help`; answer it here.
        if command.first == "--help" { throw CleanExit.helpRequest(self) }
        do {
            try options.validate()
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// Where the flags point (for tools such as the completion scripts).
    public func connectionOptions() -> DisqueConnectionOptions {
        options.connectionOptions()
    }

    public func run() throws {
        let status = options.execute()
        if status != 0 { throw ExitCode(status) }
    }
}

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

            CLUSTER
              With more than one node (-h a:7711,b:7712, -u or DISQUE_NODES),
              one-shot commands and the shell use the cluster client: ADDJOB and
              GETJOB move off a node that dies, leaves or refuses (a job is never
              sent twice), and each move is shown on stderr ("127.0.0.1:7711 is
              leaving; now on 127.0.0.1:7712"). Stdin mode and --pipe stay on the
              first node that answers. --nodes shows the cluster's nodes with their
              state and INFO figures; --queue NAME one queue on every node, summed.

            -x
              Reads the last argument from stdin, byte for byte (a final newline is
              kept, as redis-cli does): disque-cli -x ADDJOB q 0 < body.bin
              is ADDJOB q <body.bin> 0 — the body goes where the <job> argument is
              when the command takes one, otherwise last.

            ENVIRONMENT
              DISQUE_AUTH   password to AUTH with; safer than -a, which other users
                            can read in the process list.
              DISQUE_NODES  nodes to use when neither -h nor -u is given, as -h
                            takes them: host:port,host:port
              NO_COLOR      no colour in any output.

            EXIT STATUS
              0  success
              1  the server answered an error (in stdin mode: at least one line failed)
              2  usage error: bad flags, or a command whose arguments fail validation
              3  connection failure: refused, lost, timed out, or authentication failed
            """,
        helpNames: [.long]
    )

    @Option(name: .customShort("h"), help: ArgumentHelp(
        "Node host or host:port; repeat it, or list host:port,host:port, for a cluster (default: 127.0.0.1).",
        discussion: "IPv6 as [::1]:7711. With more than one node, commands go through the cluster client.",
        valueName: "host"))
    public var hosts: [String] = []

    @Option(name: .customShort("p"), help: ArgumentHelp(
        "Port of the nodes named without one (default: 7711); give it once.", valueName: "port"))
    public var ports: [Int] = []

    @Option(name: .customShort("u"), help: ArgumentHelp(
        "The nodes as a URI: disque://[:password@]host:port[,host:port...] (instead of -h).", valueName: "uri"))
    public var uri: String?

    @Option(name: .customShort("s"), help: ArgumentHelp("Server Unix socket (overrides -h and -p).", valueName: "socket"),
            completion: .file())
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
        "Run the command N times (-1: forever; default: 1). With --top, --latency: stop after N refreshes.",
        valueName: "N"))
    public var repeatCountOption: Int?

    /// `-r`, or once.
    public var repeatCount: Int { repeatCountOption ?? 1 }

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

    @Option(name: .customShort("t"), help: ArgumentHelp(
        "Seconds to wait for a reply to a command that does not block by design (default: no limit); GETJOB and MONITOR still wait as they must.",
        valueName: "seconds"))
    public var readTimeout: Double?

    @Flag(help: "Run against an in-process MiniDisque node on a free loopback port.")
    public var embedded = false

    @Flag(name: .customLong("nodes"), help: ArgumentHelp(
        "Show the cluster's nodes: state (ok, no link, suspected, failed, leaving), jobs, queues, clients, memory."))
    public var showNodes = false

    @Option(name: .customLong("queue"), help: ArgumentHelp(
        "Show one queue's QLEN and QSTAT on every node of the cluster, and the totals.", valueName: "queue"))
    public var queueView: String?

    @Option(name: .customLong("generate-completion"), help: ArgumentHelp(
        "Print the completion script for bash, zsh or fish, and exit.", valueName: "shell"),
            completion: .list(CLIOptions.completionShells))
    public var generateCompletion: String?

    @Flag(name: .customLong("generate-manpage"), help: "Print the manual page (roff), and exit.")
    public var generateManpage = false

    // Daily operations (Sources/DisqueCLI/Operations): flags rather than
    // words, so none can ever shadow a Disque command.

    @Flag(name: .customLong("version"), help: "Print the version of disque-cli, and exit.")
    public var showVersion = false

    @Flag(help: ArgumentHelp(
        "Measure PING round trips: min, max, avg in ms, refreshed in place (off a terminal: one line after -i seconds, default 1)."))
    public var latency = false

    @Flag(name: .customLong("latency-history"), help: ArgumentHelp(
        "Like --latency, one line per -i seconds (default 15)."))
    public var latencyHistory = false

    @Option(name: .customLong("work"), help: ArgumentHelp(
        "Worker: GETJOB from these queues and run the command after the flags per job.",
        discussion: """
            The body goes to the command's stdin; DISQUE_JOB_ID, DISQUE_JOB_QUEUE, DISQUE_JOB_NACKS and \
            DISQUE_JOB_ADDITIONAL_DELIVERIES to its environment. Exit 0 acks the job, anything else NACKs \
            it (--on-failure). A job running past half its RETRY gets WORKING. SIGINT or SIGTERM stops \
            fetching, lets running jobs finish (--grace) and exits 0 with a summary on stderr.
            """,
        valueName: "queue,..."))
    public var workQueues: [String] = []

    @Option(name: [.customShort("c"), .customLong("concurrency")], help: ArgumentHelp(
        "With --work: run this many jobs at once.", valueName: "N"))
    public var concurrency: Int = 1

    @Option(name: .customLong("on-failure"), help: ArgumentHelp(
        "With --work: what a non-zero exit does: nack (queue again now), keep (leave it to RETRY), ack.",
        valueName: "policy"), completion: .list(["nack", "keep", "ack"]))
    public var onFailure: String = "nack"

    @Option(name: .customLong("time-limit"), help: ArgumentHelp(
        "With --work: kill a job's command after this many seconds and NACK the job.", valueName: "seconds"))
    public var timeLimit: Double?

    @Option(name: .customLong("grace"), help: ArgumentHelp(
        "With --work: on SIGINT/SIGTERM, wait this long for running jobs before killing and NACKing them.",
        valueName: "seconds"))
    public var grace: Double = 30

    @Flag(help: ArgumentHelp(
        "Live view of every queue (on every node given): length, blocked, in/s, out/s, age, pause; every -i seconds (default 1)."))
    public var top = false

    @Option(name: .customLong("sort"), help: ArgumentHelp(
        "With --top: sort by len, in, out, blocked or name.", valueName: "column"),
        completion: .list(["len", "in", "out", "blocked", "name"]))
    public var sortColumn: String = "len"

    @Option(name: .customLong("jobs"), help: ArgumentHelp(
        "Act on every job selected by --in and --state, on every node given: list, count, ack, delete, enqueue, dequeue, export.",
        discussion: "export writes JSON lines (queue, id, body, state, ttl, retry, delay, replicate, nacks, additional-deliveries) for --import.",
        valueName: "action"), completion: .list(["list", "count", "ack", "delete", "enqueue", "dequeue", "export"]))
    public var jobsAction: String?

    @Option(name: .customLong("in"), help: ArgumentHelp("With --jobs: only jobs of this queue.", valueName: "queue"))
    public var inQueue: String?

    @Option(name: .customLong("state"), help: ArgumentHelp(
        "With --jobs: only jobs in this state; repeat for several.", valueName: "state"),
        completion: .list(["wait-repl", "active", "queued", "acked"]))
    public var states: [String] = []

    @Flag(name: .customLong("dry-run"), help: "With --jobs: count what would be done, change nothing.")
    public var dryRun = false

    @Flag(name: .customLong("yes"), help: "With --jobs: no confirmation before ack, delete or dequeue on a terminal.")
    public var assumeYes = false

    @Flag(name: .customLong("import"), help: ArgumentHelp(
        "Add the jobs read from stdin as --jobs export writes them, with the same options; print each new ID."))
    public var importJobs = false

    @Argument(parsing: .captureForPassthrough,
              help: ArgumentHelp("A Disque command and its arguments.", valueName: "command"),
              completion: .custom { ShellCompletion.complete($0, $1, $2) })
    public var command: [String] = []

    public init() {}

    /// The parsed flags as plain values.
    public var options: CLIOptions {
        var options = CLIOptions()
        options.hosts = hosts
        options.ports = ports
        options.uri = uri
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
        options.readTimeout = readTimeout
        options.embedded = embedded
        options.showNodes = showNodes
        options.queueView = queueView
        options.generateCompletion = generateCompletion
        options.generateManpage = generateManpage
        options.command = command
        options.operation = operationOptions
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

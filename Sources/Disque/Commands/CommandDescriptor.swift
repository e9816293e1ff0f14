/// What one Disque command looks like: the single source of truth that drives
/// argument validation, completion, hints, help, pretty-printing, shell
/// completion scripts and the man page. A command is described here once.
public struct CommandDescriptor: Sendable, Hashable {
    /// Upper-case command name, e.g. "ADDJOB" or "CLUSTER".
    public var name: String { storage.fields.name }
    /// Upper-case subcommand for container commands, e.g. "NODES" for CLUSTER NODES.
    public var subcommand: String? { storage.fields.subcommand }
    public var group: CommandGroup { storage.fields.group }
    /// One line, in our own words.
    public var summary: String { storage.fields.summary }
    /// The arguments after the name (and subcommand), in order.
    public var arguments: [CommandArgument] { storage.fields.arguments }
    /// How the reply is shaped, for pretty-printing and typed decoding.
    public var reply: ReplyShape { storage.fields.reply }
    /// True when sending the command twice cannot change server state beyond
    /// sending it once — the reconnect logic re-sends only these.
    public var isIdempotent: Bool { storage.fields.isIdempotent }
    /// True when the command may block the connection (GETJOB, MONITOR…).
    public var mayBlock: Bool { storage.fields.mayBlock }
    /// True when the server ignores words after the grammar (QUIT, DEBUG
    /// FLUSHALL…): validation then accepts them, completion offers none.
    public var ignoresExtraArguments: Bool { storage.fields.ignoresExtraArguments }
    /// `arguments` flattened for the word-by-word walk. Built once here:
    /// validation runs for every line of a script, and rebuilding the
    /// grammar each time cost most of stdin mode's per-line time.
    var grammar: CommandGrammar { storage.fields.grammar }

    /// Everything above, behind one reference: a descriptor travels with every
    /// command sent (`ResolvedCommand`), and copying a dozen fields per command
    /// was a third of the pipeline's time.
    private let storage: Storage

    private struct Fields: Sendable, Hashable {
        var name: String
        var subcommand: String?
        var group: CommandGroup
        var summary: String
        var arguments: [CommandArgument]
        var reply: ReplyShape
        var isIdempotent: Bool
        var mayBlock: Bool
        var ignoresExtraArguments: Bool
        var grammar: CommandGrammar
    }

    private final class Storage: Sendable {
        let fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    public init(_ name: String, subcommand: String? = nil, group: CommandGroup, summary: String,
                arguments: [CommandArgument] = [], reply: ReplyShape,
                isIdempotent: Bool = false, mayBlock: Bool = false,
                ignoresExtraArguments: Bool = false) {
        storage = Storage(Fields(name: name, subcommand: subcommand, group: group, summary: summary,
                                 arguments: arguments, reply: reply, isIdempotent: isIdempotent, mayBlock: mayBlock,
                                 ignoresExtraArguments: ignoresExtraArguments, grammar: CommandGrammar(arguments)))
    }

    public static func == (lhs: CommandDescriptor, rhs: CommandDescriptor) -> Bool {
        lhs.storage === rhs.storage || lhs.storage.fields == rhs.storage.fields
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage.fields)
    }

    /// "CLUSTER NODES" or "ADDJOB".
    public var fullName: String { subcommand.map { "\(name) \($0)" } ?? name }
}

/// The command groups, as `help @group` shows them.
public enum CommandGroup: String, CaseIterable, Sendable, Hashable {
    case jobs, queues, server, cluster, connection

    public var summary: String {
        switch self {
        case .jobs: return "Add, fetch, acknowledge and inspect jobs"
        case .queues: return "Inspect, scan and pause queues"
        case .server: return "Server introspection and administration"
        case .cluster: return "Cluster membership and node state"
        case .connection: return "Connection handling and authentication"
        }
    }
}

/// The kind of a value an argument takes: drives validation and completion.
public enum ValueKind: Sendable, Hashable {
    /// A queue name (completed from the server's queues).
    case queue
    /// A job ID (completed from job IDs seen in recent replies). Disque only
    /// checks length 40 and the "D-" prefix; validation is no stricter.
    case jobID
    /// A job body: any bytes.
    case body
    /// An integer, optionally within a range.
    case integer(ClosedRange<Int64>? = nil)
    /// Milliseconds (non-negative integer).
    case milliseconds
    /// Seconds (non-negative integer).
    case seconds
    /// One of fixed words, case-insensitive.
    case choice([String])
    /// A SCAN cursor.
    case cursor
    /// A node ID (40 hex characters, or a prefix where the server allows it).
    case nodeID
    /// Any text (names, patterns, config values…).
    case text
}

/// One element of a command's grammar.
public indirect enum CommandArgument: Sendable, Hashable {
    /// A positional value shown as `<name>`.
    case value(String, ValueKind)
    /// A positional that may be left out: `[<cursor>]`.
    case optional(CommandArgument)
    /// A value repeated: `<jobid>...` (at least `min` times).
    case repeated(CommandArgument, min: Int)
    /// A keyword option with values, in any order among its sibling options,
    /// at most once unless `repeatable`: `[REPLICATE <count>]`, `[STATE <state>]...`.
    case option(String, [CommandArgument], repeatable: Bool = false)
    /// A keyword alone: `[ASYNC]`.
    case flag(String)
    /// A required keyword followed by its values, ending the options:
    /// GETJOB's `FROM <queue>...`.
    case keyword(String, [CommandArgument])
}

/// How a reply is shaped.
public enum ReplyShape: Sendable, Hashable {
    /// +OK-style status.
    case status
    /// An integer count or value.
    case integer
    /// A bulk string (text).
    case bulk
    /// ADDJOB: a job ID as a status reply.
    case jobID
    /// GETJOB / QPEEK: an array of [queue, id, body (, counters…)], or null.
    case jobs
    /// SHOW: flat key/value array, or null bulk.
    case jobDetails
    /// QSTAT: flat key/value array, or null array.
    case queueStats
    /// HELLO: version, node ID, then [id, host, port, priority] per node.
    case hello
    /// QSCAN: [cursor, [queue…]].
    case queueScan
    /// JSCAN: [cursor, [id… | details…]].
    case jobScan
    /// CLIENT LIST and other bulks of text lines.
    case text
    /// INFO and CLUSTER INFO: "# Section" and "key:value" lines (`InfoReport`).
    case info
    /// CLUSTER NODES: one line per node (`ClusterNodesLine`).
    case clusterNodes
    /// TIME: [seconds, microseconds].
    case time
    /// Anything else: printed generically.
    case generic
}

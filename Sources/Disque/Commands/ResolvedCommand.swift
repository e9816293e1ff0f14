import RESP

/// One command, looked up in the table and read by its grammar once: what
/// it is, whether it passed validation, whether it may block and for how
/// long, whether it may be re-sent. Made where the input is (a shell line, a
/// stdin line, argv, a typed call) and handed as is to the connection, the
/// cluster client, the pipeline, the echo hook and the formatter, so none of
/// them looks the command up again.
public struct ResolvedCommand: Sendable {
    /// The words as sent, name first, byte for byte.
    public let arguments: [[UInt8]]
    /// The table's entry; nil for a command the table does not know (sent as typed).
    public let descriptor: CommandDescriptor?
    /// How many words the name takes (2 for CLUSTER NODES).
    public let nameWords: Int
    /// How long to wait for the reply.
    public let wait: ReplyWait

    /// Looks the command up and checks it against its grammar: a misfit
    /// throws, and nothing of it should reach a server. Unknown commands pass.
    public init(validating arguments: [[UInt8]]) throws(CommandValidationError) {
        try self.init(arguments, validate: true)
    }

    /// Looks the command up without checking it (the typed API, whose
    /// argument lists a test holds to the table; raw `send`).
    public init(_ arguments: [[UInt8]]) {
        do throws(CommandValidationError) {
            try self.init(arguments, validate: false)
        } catch {
            fatalError("unreachable: nothing is validated")
        }
    }

    public init(_ arguments: [String]) {
        self.init(arguments.map { Array($0.utf8) })
    }

    private init(_ arguments: [[UInt8]], validate: Bool) throws(CommandValidationError) {
        self.arguments = arguments
        // Only the words a rule reads are decoded: the name (two words for
        // CLUSTER NODES), then the rest only when there is a walk to make.
        guard let (descriptor, nameWords) = CommandTable.lookup(arguments.prefix(2).map(Self.readWord)) else {
            self.descriptor = nil
            self.nameWords = 0
            wait = .standard
            return
        }
        self.descriptor = descriptor
        self.nameWords = nameWords
        if validate {
            let rest = arguments[nameWords...].map { String(decoding: $0, as: UTF8.self) }
            wait = Self.wait(descriptor, rest, try descriptor.validatedWalk(rest))
        } else if !descriptor.mayBlock, let index = descriptor.grammar.fixedHoldIndex {
            // ADDJOB: its timeout is always the same word, no walk needed.
            let at = nameWords + index
            wait = at < arguments.count ? Self.hold(Self.readWord(arguments[at])) ?? .standard : .standard
        } else if descriptor.mayBlock || descriptor.grammar.hasHoldValue {
            let rest = arguments[nameWords...].map(Self.readWord)
            wait = Self.wait(descriptor, rest, descriptor.grammar.walk(rest, checkingValues: false))
        } else {
            wait = .standard
        }
    }

    /// A word as the unchecked rules read it: the walk only compares words
    /// with keywords and reads the short `ms-timeout`, so a long word (a job
    /// body) is not decoded for it.
    private static func readWord(_ bytes: [UInt8]) -> String {
        bytes.count <= longestReadWord ? String(decoding: bytes, as: UTF8.self) : ""
    }

    /// "ADDJOB", "CLUSTER NODES"; an unknown command as typed, upper-cased.
    public var name: String {
        if let descriptor { return descriptor.fullName }
        return arguments.first.map { String(decoding: $0, as: UTF8.self).uppercased() } ?? "(empty command)"
    }

    /// True when sending it twice cannot change server state beyond sending
    /// it once: only these are re-sent after a link breaks. Unknown commands never are.
    public var isIdempotent: Bool { descriptor?.isIdempotent ?? false }

    /// True for a command that waits for something to happen (GETJOB without
    /// NOHANG, MONITOR, DEBUG SLEEP), not merely for replication: it may hold
    /// its link for long. DisqueNIO gives it a link of its own; stdin mode
    /// prints what came before it first.
    public var blocks: Bool { descriptor?.mayBlock == true && wait != .standard }

    /// The reply's shape for typed decoding and the formatters; nil for unknown commands.
    public var reply: ReplyShape? { descriptor?.reply }

    /// Appends the command in RESP.
    public func encode(into out: inout [UInt8]) {
        RESPEncoder.encodeCommand(arguments, into: &out)
    }

    /// The same command with other words (the cluster client splits a job-ID
    /// command by node): same descriptor, same wait.
    public func replacingArguments(_ arguments: [[UInt8]]) -> ResolvedCommand {
        ResolvedCommand(arguments: arguments, descriptor: descriptor, nameWords: nameWords, wait: wait)
    }

    private init(arguments: [[UInt8]], descriptor: CommandDescriptor?, nameWords: Int, wait: ReplyWait) {
        self.arguments = arguments
        self.descriptor = descriptor
        self.nameWords = nameWords
        self.wait = wait
    }

    /// Longer words are never a keyword or a number the rules read.
    static let longestReadWord = 64

    /// The grammar's name for "how long the server may hold the reply":
    /// ADDJOB's replication timeout, GETJOB's TIMEOUT. The table says where it
    /// goes; this rule only reads it, so a new command with such a value needs
    /// nothing here. (CLIENT PAUSE's value has the name too: its reply comes at
    /// once, so the longer limit changes nothing.)
    static let holdName = "ms-timeout"

    /// A command's `ms-timeout`, when positive, is added to the read timeout.
    /// Without one (or with 0), a command that may block (GETJOB, MONITOR,
    /// DEBUG SLEEP) waits without limit, unless NOHANG says it will not wait;
    /// any other command (ADDJOB 0: replicate as long as it takes) gets the
    /// read timeout, after which it is reported as possibly run.
    private static func wait(_ descriptor: CommandDescriptor, _ words: [String],
                             _ walk: CommandGrammar.Walk) -> ReplyWait {
        if walk.usedOptions.contains("NOHANG") { return .standard }
        if let given = walk.valuesGiven.first(where: { $0.name == holdName }), let wait = hold(words[given.index]) {
            return wait
        }
        return descriptor.mayBlock ? .forever : .standard
    }

    /// A positive `ms-timeout` as the extra wait; nil for 0 or no number.
    private static func hold(_ word: String) -> ReplyWait? {
        guard let milliseconds = Int64(word), milliseconds > 0 else { return nil }
        return .extended(by: .milliseconds(milliseconds))
    }
}

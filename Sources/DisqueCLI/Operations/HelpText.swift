import Disque

/// `help`, `help @group`, `help COMMAND [SUBCOMMAND]`, answered from the
/// command table without a connection: the one home of that text, used by the
/// shell and by one-shot `disque-cli help …` (Disque itself has no HELP).
enum HelpText {
    /// The answer to `help <topic…>`; `inShell` adds the shell's own words (quit, connect…).
    static func answer(_ topic: [String], inShell: Bool) -> String {
        guard let first = topic.first else { return overview(inShell: inShell) }
        if first.hasPrefix("@") {
            let name = String(first.dropFirst()).lowercased()
            guard let group = CommandGroup(rawValue: name) else {
                return "No group named \"\(first)\". Groups: "
                    + CommandGroup.allCases.map { "@" + $0.rawValue }.joined(separator: " ") + "\n"
            }
            let commands = CommandTable.commands(in: group).sorted { $0.fullName < $1.fullName }
            return "\n" + commands.map(describe).joined(separator: "\n") + "\n"
        }
        // The shell's own words first: in the shell, `quit` leaves it.
        if inShell, let builtin = builtinHelp[first.lowercased()], topic.count == 1 {
            return "\n" + builtin + "\n\n"
        }
        if let (descriptor, nameWords) = CommandTable.lookup(topic), nameWords == topic.count {
            return "\n" + describe(descriptor) + "\n"
        }
        let subcommands = CommandTable.subcommands(of: first)
        if topic.count == 1, !subcommands.isEmpty {
            return "\n" + subcommands.map(describe).joined(separator: "\n") + "\n"
        }
        return "No help for \"\(topic.joined(separator: " "))\": not a Disque command. "
            + "Type `help` for the groups, or TAB to complete a command name.\n"
    }

    /// True when `help …` names something help knows (else one-shot exits 2).
    static func knows(_ topic: [String]) -> Bool {
        guard let first = topic.first else { return true }
        if first.hasPrefix("@") { return CommandGroup(rawValue: String(first.dropFirst()).lowercased()) != nil }
        if let (_, nameWords) = CommandTable.lookup(topic), nameWords == topic.count { return true }
        return topic.count == 1 && !CommandTable.subcommands(of: first).isEmpty
    }

    /// One command, as `help` shows it.
    static func describe(_ descriptor: CommandDescriptor) -> String {
        """
          \(descriptor.syntax)
          summary: \(descriptor.summary)
          group: \(descriptor.group.rawValue)

        """
    }

    static func overview(inShell: Bool) -> String {
        func row(_ left: String, _ right: String) -> String {
            "  " + left + String(repeating: " ", count: max(1, 24 - left.count)) + right
        }
        let groups = CommandGroup.allCases.map { row("help @" + $0.rawValue, $0.summary) }
        var rows = [
            inShell ? "disque-cli: an interactive shell for Disque." : "disque-cli: the Disque command-line client.",
            "Type a command and its arguments as with redis-cli:  ADDJOB myqueue \"hello world\" 0",
            "",
            "Help, from the command table (works without a connection):",
        ] + groups + [
            row("help <command>", "syntax, summary and group (help ADDJOB, help CLUSTER NODES)"),
        ]
        if inShell {
            rows += [
                "",
                "In the shell:",
                row("TAB", "completes commands, options, queue names and recent job IDs"),
                row("(dimmed text)", "what is left to type for the command on the line"),
                row("<n> <command>", "runs the command n times:  5 QLEN myqueue"),
                row("Ctrl-C", "abandons the line, or a command that waits (GETJOB, MONITOR)"),
                row("Ctrl-R, Up", "search and recall the history (~/.disquecli_history)"),
                row("connect <host> <port>", "connects to another node (TAB offers the cluster's nodes)"),
                row("nodes", "the cluster's nodes: state, jobs, queues, clients, memory (as --nodes)"),
                row("queue <name>", "one queue's QLEN and QSTAT on every node, summed (as --queue)"),
                row("clear", "clears the screen"),
                row("quit, exit, Ctrl-D", "leaves the shell"),
            ]
        }
        rows += ["", "Daily operations, from the command line (disque-cli --help has them all):"]
            + operations.map { row($0.0, $0.1) }
        return rows.joined(separator: "\n") + "\n"
    }

    /// The operation modes, each a flag so none can shadow a Disque command.
    static let operations: [(String, String)] = [
        ("--work Q CMD ARG...", "runs CMD per job: body on stdin, ACKJOB on exit 0, NACK otherwise"),
        ("--top", "live view of every queue: length, blocked, jobs in/out per second"),
        ("--jobs ACTION", "list, count, ack, delete, enqueue, dequeue or export jobs (--in, --state)"),
        ("--import", "adds the jobs of an --jobs export (JSON lines on stdin)"),
        ("--latency", "PING round trips: min, max, avg (also --latency-history)"),
        ("--nodes", "the cluster's nodes: ok / no link / suspected / failed / leaving, INFO figures"),
        ("--queue Q", "queue Q's QLEN and QSTAT on every node, and the totals"),
        ("--version", "the version of disque-cli"),
    ]

    static let builtinHelp: [String: String] = [
        "help": "  help [@<group> | <command>]\n  summary: shows the groups, a group's commands, or one command",
        "connect": "  connect <host> <port> | connect <host:port> | connect <unix-socket-path>\n"
            + "  summary: connects to another node (in a cluster shell, re-seeds the cluster client there)",
        "nodes": "  nodes\n  summary: the cluster's nodes with their state and INFO figures; * marks the shell's node",
        "queue": "  queue <name>\n  summary: one queue's QLEN and QSTAT on every node of the cluster, and the totals",
        "clear": "  clear\n  summary: clears the screen",
        "quit": "  quit\n  summary: leaves the shell (as do exit and Ctrl-D)",
        "exit": "  exit\n  summary: leaves the shell (as do quit and Ctrl-D)",
    ]
}

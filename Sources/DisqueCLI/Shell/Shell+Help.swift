import Disque

extension ShellSession {
    /// `help`, `help @group`, `help COMMAND [SUBCOMMAND]`: all from the command
    /// table, so it works without a connection.
    func help(_ topic: [String]) -> String {
        guard let first = topic.first else { return Self.overview }
        if first.hasPrefix("@") {
            let name = String(first.dropFirst()).lowercased()
            guard let group = CommandGroup(rawValue: name) else {
                return "No group named \"\(first)\". Groups: "
                    + CommandGroup.allCases.map { "@" + $0.rawValue }.joined(separator: " ") + "\n"
            }
            let commands = CommandTable.commands(in: group).sorted { $0.fullName < $1.fullName }
            return "\n" + commands.map(Self.describe).joined(separator: "\n") + "\n"
        }
        // The shell's own words first: in the shell, `quit` leaves it.
        if let builtin = Self.builtinHelp[first.lowercased()], topic.count == 1 {
            return "\n" + builtin + "\n\n"
        }
        if let (descriptor, nameWords) = CommandTable.lookup(topic), nameWords == topic.count {
            return "\n" + Self.describe(descriptor) + "\n"
        }
        let subcommands = CommandTable.subcommands(of: first)
        if topic.count == 1, !subcommands.isEmpty {
            return "\n" + subcommands.map(Self.describe).joined(separator: "\n") + "\n"
        }
        return "No help for \"\(topic.joined(separator: " "))\": not a Disque command. "
            + "Type `help` for the groups, or TAB to complete a command name.\n"
    }

    /// One command, as `help` shows it.
    static func describe(_ descriptor: CommandDescriptor) -> String {
        """
          \(descriptor.syntax)
          summary: \(descriptor.summary)
          group: \(descriptor.group.rawValue)

        """
    }

    static var overview: String {
        func row(_ left: String, _ right: String) -> String {
            "  " + left + String(repeating: " ", count: max(1, 24 - left.count)) + right
        }
        let groups = CommandGroup.allCases.map { row("help @" + $0.rawValue, $0.summary) }
        let rows = [
            "disque-cli: an interactive shell for Disque.",
            "Type a command and its arguments as with redis-cli:  ADDJOB myqueue \"hello world\" 0",
            "",
            "Help, from the command table (works without a connection):",
        ] + groups + [
            row("help <command>", "syntax, summary and group (help ADDJOB, help CLUSTER NODES)"),
            "",
            "In the shell:",
            row("TAB", "completes commands, options, queue names and recent job IDs"),
            row("(dimmed text)", "what is left to type for the command on the line"),
            row("<n> <command>", "runs the command n times:  5 QLEN myqueue"),
            row("Ctrl-C", "abandons the line, or a command that waits (GETJOB, MONITOR)"),
            row("Ctrl-R, Up", "search and recall the history (~/.disquecli_history)"),
            row("connect <host> <port>", "connects to another node"),
            row("clear", "clears the screen"),
            row("quit, exit, Ctrl-D", "leaves the shell"),
        ]
        return rows.joined(separator: "\n") + "\n"
    }

    static let builtinHelp: [String: String] = [
        "help": "  help [@<group> | <command>]\n  summary: shows the groups, a group's commands, or one command",
        "connect": "  connect <host> <port> | connect <unix-socket-path>\n  summary: connects to another node",
        "clear": "  clear\n  summary: clears the screen",
        "quit": "  quit\n  summary: leaves the shell (as do exit and Ctrl-D)",
        "exit": "  exit\n  summary: leaves the shell (as do quit and Ctrl-D)",
    ]
}

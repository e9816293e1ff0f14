extension CommandTable {
    static let serverCommands: [CommandDescriptor] = [
        CommandDescriptor(
            "INFO", group: .server,
            summary: "Report server state and statistics, all of it or one section",
            arguments: [.optional(.value("section", .text))], reply: .info, isIdempotent: true),
        CommandDescriptor(
            "TIME", group: .server,
            summary: "Read the server clock as seconds and microseconds",
            reply: .time, isIdempotent: true),
        CommandDescriptor(
            "COMMAND", group: .server,
            summary: "Describe every command the server knows: name, arity and flags",
            reply: .generic, isIdempotent: true),
        CommandDescriptor(
            "COMMAND", subcommand: "COUNT", group: .server,
            summary: "Count the commands the server knows",
            reply: .integer, isIdempotent: true),
        CommandDescriptor(
            "COMMAND", subcommand: "INFO", group: .server,
            summary: "Describe the named commands; unknown names come back as nil",
            arguments: [.repeated(.value("command-name", .text), min: 0)],
            reply: .generic, isIdempotent: true),
        CommandDescriptor(
            "CONFIG", subcommand: "GET", group: .server,
            summary: "Read the configuration parameters whose names match a glob pattern",
            arguments: [.value("pattern", .text)], reply: .generic, isIdempotent: true),
        CommandDescriptor(
            "CONFIG", subcommand: "SET", group: .server,
            summary: "Change a configuration parameter while the server runs",
            arguments: [.value("parameter", .text), .value("value", .text)],
            reply: .status, isIdempotent: true),
        CommandDescriptor(
            "CONFIG", subcommand: "RESETSTAT", group: .server,
            summary: "Zero the counters that INFO reports",
            reply: .status),
        CommandDescriptor(
            "CONFIG", subcommand: "REWRITE", group: .server,
            summary: "Save the running configuration into the configuration file",
            reply: .status),
        CommandDescriptor(
            "SLOWLOG", subcommand: "GET", group: .server,
            summary: "List the latest commands that ran longer than the slow-log threshold",
            arguments: [.optional(.value("count", .integer()))], reply: .generic, isIdempotent: true),
        CommandDescriptor(
            "SLOWLOG", subcommand: "LEN", group: .server,
            summary: "Count the entries in the slow log",
            reply: .integer, isIdempotent: true),
        CommandDescriptor(
            "SLOWLOG", subcommand: "RESET", group: .server,
            summary: "Empty the slow log",
            reply: .status),
        CommandDescriptor(
            "LATENCY", subcommand: "LATEST", group: .server,
            summary: "Show the last and worst latency spike of every monitored event",
            reply: .generic, isIdempotent: true),
        CommandDescriptor(
            "LATENCY", subcommand: "HISTORY", group: .server,
            summary: "List the recorded latency spikes of one event as time and milliseconds",
            arguments: [.value("event", .text)], reply: .generic, isIdempotent: true),
        CommandDescriptor(
            "LATENCY", subcommand: "GRAPH", group: .server,
            summary: "Draw the latency spikes of one event as an ASCII chart",
            arguments: [.value("event", .text)], reply: .bulk, isIdempotent: true),
        CommandDescriptor(
            "LATENCY", subcommand: "DOCTOR", group: .server,
            summary: "Explain the recorded latency problems in plain words",
            reply: .bulk, isIdempotent: true),
        CommandDescriptor(
            "LATENCY", subcommand: "RESET", group: .server,
            summary: "Forget the latency spikes of the named events, or of all events",
            arguments: [.repeated(.value("event", .text), min: 0)], reply: .integer),
        CommandDescriptor(
            "MONITOR", group: .server,
            summary: "Stream every command the server receives until interrupted",
            reply: .status, mayBlock: true),
        CommandDescriptor(
            "BGREWRITEAOF", group: .server,
            summary: "Compact the append-only file in a background process",
            reply: .status),
        CommandDescriptor(
            "LOADJOB", group: .server,
            summary: "Recreate a job from its serialized form, as append-only file replay does",
            arguments: [.value("serialized-job", .body)], reply: .status),
        CommandDescriptor(
            "SHUTDOWN", group: .server,
            summary: "Stop the server, rewriting the append-only file first if asked",
            arguments: [.optional(.value("mode", .choice(["REWRITE-AOF"])))], reply: .status),
    ] + debugCommands

    /// DEBUG subcommands. Most of them stop reading after their own
    /// arguments, so extra words are accepted as the server accepts them.
    static let debugCommands: [CommandDescriptor] = [
        CommandDescriptor(
            "DEBUG", subcommand: "FLUSHALL", group: .server,
            summary: "Drop every job and queue on this node (for tests)",
            reply: .status, ignoresExtraArguments: true),
        CommandDescriptor(
            "DEBUG", subcommand: "SLEEP", group: .server,
            summary: "Freeze the whole server for some seconds, fractions allowed (for tests)",
            arguments: [.value("seconds", .text)], reply: .status, isIdempotent: true, mayBlock: true),
        CommandDescriptor(
            "DEBUG", subcommand: "LOADAOF", group: .server,
            summary: "Drop everything in memory and load the append-only file again",
            reply: .status, ignoresExtraArguments: true),
        CommandDescriptor(
            "DEBUG", subcommand: "RESTART", group: .server,
            summary: "Restart the server gracefully, after an optional delay in milliseconds",
            arguments: [.optional(.value("delay", .integer()))], reply: .status,
            ignoresExtraArguments: true),
        CommandDescriptor(
            "DEBUG", subcommand: "CRASH-AND-RECOVER", group: .server,
            summary: "Restart the server abruptly, after an optional delay in milliseconds",
            arguments: [.optional(.value("delay", .integer()))], reply: .status,
            ignoresExtraArguments: true),
        CommandDescriptor(
            "DEBUG", subcommand: "ERROR", group: .server,
            summary: "Make the server answer with the given error text",
            arguments: [.value("message", .text)], reply: .status, isIdempotent: true),
        CommandDescriptor(
            "DEBUG", subcommand: "STRUCTSIZE", group: .server,
            summary: "Report the sizes of the server's internal structures",
            reply: .bulk, isIdempotent: true),
        CommandDescriptor(
            "DEBUG", subcommand: "SEGFAULT", group: .server,
            summary: "Crash the server on purpose (for tests)",
            reply: .status, ignoresExtraArguments: true),
        CommandDescriptor(
            "DEBUG", subcommand: "OOM", group: .server,
            summary: "Make the server run out of memory on purpose (for tests)",
            reply: .status, ignoresExtraArguments: true),
        CommandDescriptor(
            "DEBUG", subcommand: "ASSERT", group: .server,
            summary: "Make the server fail an assertion on purpose (for tests)",
            reply: .status, ignoresExtraArguments: true),
    ]
}

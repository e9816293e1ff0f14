extension CommandTable {
    static let queueCommands: [CommandDescriptor] = [
        CommandDescriptor(
            "QLEN", group: .queues,
            summary: "Count the jobs waiting in a queue",
            arguments: [.value("queue", .queue)], reply: .integer, isIdempotent: true),
        CommandDescriptor(
            "QPEEK", group: .queues,
            summary: "Look at jobs in a queue without taking them; a negative count reads from the newest",
            arguments: [.value("queue", .queue), .value("count", .integer())],
            reply: .jobs, isIdempotent: true),
        CommandDescriptor(
            "QSTAT", group: .queues,
            summary: "Show a queue's length, age, rates and pause state",
            arguments: [.value("queue", .queue)], reply: .queueStats, isIdempotent: true),
        CommandDescriptor(
            "QSCAN", group: .queues,
            summary: "Walk the queues on this node page by page, filtered by length or rate",
            arguments: [
                .optional(.value("cursor", .cursor)),
                .option("COUNT", [.value("count", .integer())]),
                .flag("BUSYLOOP"),
                .option("MINLEN", [.value("len", .integer())]),
                .option("MAXLEN", [.value("len", .integer())]),
                .option("IMPORTRATE", [.value("rate", .integer())]),
            ],
            reply: .queueScan, isIdempotent: true),
        CommandDescriptor(
            "PAUSE", group: .queues,
            summary: "Pause a queue's input, output or both, resume it, or show its state; BCAST tells the cluster",
            arguments: [
                .value("queue", .queue),
                .repeated(.value("option", .choice(["in", "out", "all", "none", "state", "bcast"])), min: 1),
            ],
            // Setting a pause state twice leaves it as setting it once.
            reply: .status, isIdempotent: true),
    ]
}

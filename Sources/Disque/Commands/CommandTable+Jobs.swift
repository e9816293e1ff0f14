extension CommandTable {
    /// A job ID argument.
    static let jobID = CommandArgument.value("jobid", .jobID)
    /// Zero or more job IDs: the server accepts an empty list and answers 0.
    static let jobIDs = CommandArgument.repeated(jobID, min: 0)

    static let jobCommands: [CommandDescriptor] = [
        CommandDescriptor(
            "ADDJOB", group: .jobs,
            summary: "Put a new job with the given body on a queue; replies with its ID",
            arguments: [
                .value("queue", .queue),
                .value("job", .body),
                .value("ms-timeout", .milliseconds),
                .option("REPLICATE", [.value("count", .integer(1...65535))]),
                .option("DELAY", [.value("sec", .seconds)]),
                .option("RETRY", [.value("sec", .seconds)]),
                .option("TTL", [.value("sec", .integer(1...Int64.max))]),
                .option("MAXLEN", [.value("count", .integer(1...Int64.max))]),
                .flag("ASYNC"),
            ],
            reply: .jobID),
        CommandDescriptor(
            "GETJOB", group: .jobs,
            summary: "Take jobs from the first of the queues that has some, waiting if none has",
            arguments: [
                .flag("NOHANG"),
                .option("TIMEOUT", [.value("ms-timeout", .milliseconds)]),
                .option("COUNT", [.value("count", .integer(1...Int64.max))]),
                .flag("WITHCOUNTERS"),
                .keyword("FROM", [.repeated(.value("queue", .queue), min: 1)]),
            ],
            reply: .jobs, mayBlock: true),
        CommandDescriptor(
            "ACKJOB", group: .jobs,
            summary: "Mark jobs as done so that the cluster forgets them",
            arguments: [jobIDs], reply: .integer),
        CommandDescriptor(
            "FASTACK", group: .jobs,
            summary: "Acknowledge jobs best-effort, without waiting for other nodes",
            arguments: [jobIDs], reply: .integer),
        CommandDescriptor(
            "WORKING", group: .jobs,
            summary: "Tell the cluster a job is still being processed, postponing its retry",
            arguments: [jobID], reply: .integer),
        CommandDescriptor(
            "NACK", group: .jobs,
            summary: "Give jobs back to their queues at once, counting a failed delivery",
            arguments: [jobIDs], reply: .integer),
        CommandDescriptor(
            "ENQUEUE", group: .jobs,
            summary: "Put jobs back on their queues if they are not queued already",
            arguments: [jobIDs], reply: .integer),
        CommandDescriptor(
            "DEQUEUE", group: .jobs,
            summary: "Take jobs off their queues without deleting them",
            arguments: [jobIDs], reply: .integer),
        CommandDescriptor(
            "DELJOB", group: .jobs,
            summary: "Delete jobs from this node only, whatever their state",
            arguments: [jobIDs], reply: .integer),
        CommandDescriptor(
            "SHOW", group: .jobs,
            summary: "Describe one job: state, queue, counters, timings and body",
            arguments: [jobID], reply: .jobDetails, isIdempotent: true),
        CommandDescriptor(
            "JSCAN", group: .jobs,
            summary: "Walk the jobs on this node page by page, filtered by queue or state",
            arguments: [
                .optional(.value("cursor", .cursor)),
                .option("COUNT", [.value("count", .integer())]),
                .flag("BUSYLOOP"),
                .option("QUEUE", [.value("queue", .queue)]),
                .option("STATE", [.value("state", .choice(["wait-repl", "active", "queued", "acked"]))],
                        repeatable: true),
                .option("REPLY", [.value("type", .choice(["all", "id"]))]),
            ],
            reply: .jobScan, isIdempotent: true),
    ]
}

import Disque

/// The daily-operation modes and their settings, as plain values (a part of
/// `CLIOptions`). Every mode is a flag, never a command word, so none can
/// shadow a Disque command.
public struct OperationOptions: Sendable, Hashable {
    public var showVersion = false
    public var latency = false
    public var latencyHistory = false
    /// `--work`: the queues (each value may list several, comma-separated).
    public var workQueues: [String] = []
    public var concurrency = 1
    public var onFailure = "nack"
    public var timeLimit: Double?
    public var grace: Double = 30
    public var top = false
    public var sortColumn = "len"
    public var jobsAction: String?
    public var inQueue: String?
    public var states: [String] = []
    public var dryRun = false
    public var assumeYes = false
    public var importJobs = false
    /// True when `-r` was given (the views run until stopped otherwise).
    public var repeatGiven = false

    public init() {}

    /// A mode that talks to the nodes.
    var isNodeOperation: Bool {
        latency || latencyHistory || !workQueues.isEmpty || top || jobsAction != nil || importJobs
    }

    /// The `--work` queues, split at commas.
    var queues: [String] {
        workQueues.flatMap { $0.split(separator: ",").map(String.init) }.filter { !$0.isEmpty }
    }

    static let jobsActions = ["list", "count", "ack", "delete", "enqueue", "dequeue", "export"]
    static let failurePolicies = ["nack", "keep", "ack"]
    static let sortColumns = ["len", "in", "out", "blocked", "name"]
}

extension DisqueCLICommand {
    /// The operation flags as plain values.
    var operationOptions: OperationOptions {
        var operation = OperationOptions()
        operation.showVersion = showVersion
        operation.latency = latency
        operation.latencyHistory = latencyHistory
        operation.workQueues = workQueues
        operation.concurrency = concurrency
        operation.onFailure = onFailure
        operation.timeLimit = timeLimit
        operation.grace = grace
        operation.top = top
        operation.sortColumn = sortColumn
        operation.jobsAction = jobsAction
        operation.inQueue = inQueue
        operation.states = states
        operation.dryRun = dryRun
        operation.assumeYes = assumeYes
        operation.importJobs = importJobs
        operation.repeatGiven = repeatCountOption != nil
        return operation
    }
}

extension CLIOptions {
    /// The checks of the operation flags.
    func validateOperation() throws(UsageError) {
        func fail(_ message: String) -> UsageError { UsageError(description: message) }
        let op = operation
        let modes = [("--latency", op.latency), ("--latency-history", op.latencyHistory),
                     ("--work", !op.workQueues.isEmpty), ("--top", op.top), ("--jobs", op.jobsAction != nil),
                     ("--import", op.importJobs)].filter(\.1).map(\.0)
        if modes.count > 1 { throw fail("Choose one of \(modes.joined(separator: ", ")).") }
        if let mode = modes.first {
            if pipe || showNodes || queueView != nil || lastArgumentFromStdin {
                throw fail("\(mode) is a mode of its own; give no --pipe, --nodes, --queue or -x with it.")
            }
            if mode == "--work" {
                if op.queues.isEmpty { throw fail("--work needs a queue name.") }
                if command.isEmpty || command == ["--"] {
                    throw fail("--work needs the command to run per job after the flags: --work q -- ./handle-job")
                }
            } else if !command.isEmpty {
                throw fail("\(mode) takes no command after the flags.")
            }
        }
        guard op.concurrency >= 1 else { throw fail("-c takes a count ≥ 1.") }
        guard OperationOptions.failurePolicies.contains(op.onFailure) else {
            throw fail("--on-failure takes nack, keep or ack, not '\(op.onFailure)'.")
        }
        if let limit = op.timeLimit, !(limit > 0 && limit.isFinite) { throw fail("--time-limit takes seconds > 0.") }
        guard op.grace >= 0, op.grace.isFinite else { throw fail("--grace takes seconds ≥ 0.") }
        guard OperationOptions.sortColumns.contains(op.sortColumn) else {
            throw fail("--sort takes len, in, out, blocked or name, not '\(op.sortColumn)'.")
        }
        if let action = op.jobsAction, !OperationOptions.jobsActions.contains(action) {
            throw fail("--jobs takes list, count, ack, delete, enqueue, dequeue or export, not '\(action)'.")
        }
        for state in op.states where !["wait-repl", "active", "queued", "acked"].contains(state) {
            throw fail("--state takes wait-repl, active, queued or acked, not '\(state)'.")
        }
    }

    /// `--version`, or one-shot `help …` (answered from the command table, as the
    /// shell does: Disque has no HELP command); nil for anything else.
    func runLocalOperation() -> ExitStatus? {
        if operation.showVersion {
            FileOutput.standardOutput.write("disque-cli \(DisqueCLIVersion.current) (Disque \(DisqueCLIVersion.protocolVersion))\n")
            FileOutput.standardOutput.flush()
            return .success
        }
        guard !pipe, !operation.isNodeOperation, let first = command.first, first.lowercased() == "help",
              CommandTable.lookup(command) == nil else { return nil }
        let topic = Array(command.dropFirst())
        FileOutput.standardOutput.write(HelpText.answer(topic, inShell: false))
        FileOutput.standardOutput.flush()
        return HelpText.knows(topic) ? .success : .usage
    }

    /// The modes that talk to the nodes; `seeds` are every node named.
    func runNodeOperation(options: DisqueConnectionOptions, seeds: [DisqueEndpoint]) -> ExitStatus {
        let status: ExitStatus
        if operation.latency || operation.latencyHistory {
            status = LatencyProbe(options: options, history: operation.latencyHistory, interval: interval,
                                  samples: operation.repeatGiven ? repeatCount : nil, style: latencyStyle).run()
        } else if !operation.workQueues.isEmpty {
            status = Worker(settings: workerSettings(), connection: options,
                            cluster: seeds.count > 1 ? clusterOptions(seeds: seeds) : nil).run()
        } else if operation.top {
            status = LiveView(options: options, seeds: seeds, sort: operation.sortColumn,
                              interval: interval > 0 ? interval : 1,
                              refreshes: operation.repeatGiven && repeatCount > 0 ? repeatCount : nil,
                              json: json).run()
        } else if let action = operation.jobsAction {
            let selection = JobSelection(options: options, seeds: seeds, queue: operation.inQueue,
                                         states: operation.states.map(JobState.init(name:)))
            status = BulkJobs(selection: selection, action: action, dryRun: operation.dryRun,
                              assumeYes: operation.assumeYes, json: json).run()
        } else {
            status = JobImport(options: options, cluster: seeds.count > 1 ? clusterOptions(seeds: seeds) : nil,
                               json: json).run()
        }
        FileOutput.standardOutput.flush()
        return status
    }
}

/// What `--version` prints.
enum DisqueCLIVersion {
    static let current = "1.1.0"
    /// The server release whose commands the table describes.
    static let protocolVersion = "1.0-rc1"
}

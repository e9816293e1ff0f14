import Glibc

/// The node's state — jobs, queues, blocked clients, pause and leaving flags —
/// and the command dispatcher. Commands live in the `DisqueNode+…` files.
/// Only the loop thread calls into it, so nothing here needs a lock.
final class DisqueNode {
    let nodeID: String
    /// The first 8 hex digits of the node ID, the prefix of every job ID made here.
    let nodePrefix: [UInt8]
    let runID: String
    let port: Int
    let password: String?
    let unixSocketPath: String?
    /// Every time the node reads comes from here (see `MiniDisqueClock`).
    let clock: MiniDisqueClock
    let maxClients: Int
    let startTime: Int64
    weak var loop: EventLoop?

    var jobs = ByteKeyedTable<Job>()
    var queues = ByteKeyedTable<JobQueue>()
    var schedule = AwakeSchedule()
    /// Queues that got a job while clients were blocked on them (served after each command).
    var readyQueues: [JobQueue] = []
    var blockedClients: [Int64: ClientConnection] = [:]
    /// GETJOB TIMEOUT deadlines of the blocked clients, earliest first.
    var blockedDeadlines = BlockedDeadlines()
    var nextBlockToken: UInt64 = 1
    var monitors: [ClientConnection] = []
    /// CLUSTER LEAVING yes: refuse new jobs and blocking GETJOBs, advertise priority 100.
    var leaving = false

    var random = FastRandom()
    var previousCtime: Int64 = 0
    /// JSCAN / QSCAN iterate in registration order; removed entries are skipped lazily.
    var jobScanOrder: [Job] = []
    var queueScanOrder: [JobQueue] = []
    var nextScanSequence: UInt64 = 1

    var commandsProcessed: Int64 = 0
    /// Calls and time per command, indexed like `ServerCommandTable.all` (INFO commandstats).
    var commandStats = [(calls: Int64, microseconds: Int64)](repeating: (0, 0), count: ServerCommandTable.all.count)
    var lastCron: Int64 = 0
    var opsSamples = InstantaneousMetric()

    init(nodeID: String, port: Int, password: String?, unixSocketPath: String?, clock: MiniDisqueClock,
         maxClients: Int) {
        self.nodeID = nodeID
        nodePrefix = Array(nodeID.utf8.prefix(8))
        runID = randomHex(count: 40)
        self.port = port
        self.password = password
        self.unixSocketPath = unixSocketPath
        self.clock = clock
        self.maxClients = maxClients
        startTime = clock.milliseconds
        lastCron = startTime
    }

    var nowSeconds: Int64 { clock.milliseconds / 1000 }

    // MARK: - Dispatch

    /// Runs one request, with the server's order of checks: QUIT, unknown
    /// command, arity, then authentication.
    func execute(_ arguments: [[UInt8]], for client: ClientConnection) {
        let name = Arguments.lowercased(arguments[0])
        if name == "quit" {
            client.addOK()
            client.closeAfterReply = true
            return
        }
        guard let index = ServerCommandTable.indexByName[name] else {
            // The raw name as the server's "%s" prints it (cut at a NUL, never UTF-8 repaired, never shortened).
            client.addError("ERR unknown command '", quoting: arguments[0], "'")
            return
        }
        let command = ServerCommandTable.all[index]
        if (command.arity > 0 && command.arity != arguments.count) || arguments.count < -command.arity {
            client.addError("ERR wrong number of arguments for '\(command.name)' command")
            return
        }
        if password != nil && !client.authenticated && command.name != "auth" {
            client.addError("NOAUTH Authentication required.")
            return
        }
        if !monitors.isEmpty && command.name != "monitor" { feedMonitors(arguments, from: client) }
        client.lastCommand = command.name
        let started = Clock.monotonicMicroseconds()
        command.handler(self, client, arguments)
        commandsProcessed += 1
        commandStats[index].calls += 1
        commandStats[index].microseconds += Clock.monotonicMicroseconds() - started
    }

    private func feedMonitors(_ arguments: [[UInt8]], from client: ClientConnection) {
        let (seconds, micros) = clock.secondsAndMicroseconds
        let fraction = String(micros)
        var line = "\(seconds)." + String(repeating: "0", count: max(0, 6 - fraction.count)) + fraction
        line += client.isUnixSocket ? " [unix:\(unixSocketPath ?? "")]" : " [\(client.address)]"
        for argument in arguments { line += " " + quoted(argument) }
        for monitor in monitors where !monitor.closed { monitor.addStatus(line) }
    }

    /// Like sdscatrepr: printable bytes as-is, the rest escaped, in double quotes.
    func quoted(_ bytes: [UInt8]) -> String {
        var out = "\""
        for b in bytes {
            switch b {
            case UInt8(ascii: "\\"): out += "\\\\"
            case UInt8(ascii: "\""): out += "\\\""
            case 10: out += "\\n"
            case 13: out += "\\r"
            case 9: out += "\\t"
            case 7: out += "\\a"
            case 8: out += "\\b"
            case 32...126: out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                let hex = Array("0123456789abcdef")
                out += "\\x" + String(hex[Int(b >> 4)]) + String(hex[Int(b & 15)])
            }
        }
        return out + "\""
    }

    // MARK: - Timers

    /// How long epoll_wait may sleep: until the next job event or GETJOB
    /// deadline, and at most a second (the idle-queue sweep), so a node
    /// nobody talks to wakes once a second and otherwise uses no CPU.
    /// With a manual clock nothing falls due until it is advanced, which
    /// wakes the loop, so then the answer is 0 (due now) or -1 (wait).
    func millisecondsUntilNextTimer(now: Int64) -> Int32 {
        var next = lastCron &+ 1000
        if let at = schedule.nextTime(), at < next { next = at }
        if let deadline = blockedDeadlines.next(), deadline < next { next = deadline }
        if next <= now { return 0 }
        if clock.isManual { return -1 }
        let (wait, overflow) = next.subtractingReportingOverflow(now)
        return overflow ? 1000 : Int32(min(1000, wait))
    }

    func runTimers(now: Int64) {
        processJobs(now: now)
        expireBlockedClients(now: now)
        // Also when the clock went back: the sweep must not wait for it to catch up.
        let (sinceCron, overflow) = now.subtractingReportingOverflow(lastCron)
        if overflow || sinceCron >= 1000 || sinceCron < 0 {
            lastCron = now
            evictIdleQueues(now: now / 1000)
            schedule.compactIfNeeded(liveJobs: jobs.count)
            blockedDeadlines.compactIfNeeded(blocked: blockedClients.count)
            compactScanOrders()
            opsSamples.sample(now: now, total: commandsProcessed)
        }
        serveReadyQueues()
    }

    func clientDisconnected(_ client: ClientConnection) {
        if client.blocked != nil { unblock(client) }
        if client.isMonitor { monitors.removeAll { $0 === client } }
    }
}

/// Commands per second over the last sampled second (INFO instantaneous_ops_per_sec).
struct InstantaneousMetric {
    private var lastTime: Int64 = 0
    private var lastTotal: Int64 = 0
    private(set) var perSecond: Int64 = 0

    mutating func sample(now: Int64, total: Int64) {
        let (elapsed, overflow) = now.subtractingReportingOverflow(lastTime)
        if lastTime > 0 && !overflow && elapsed > 0 {
            perSecond = (total &- lastTotal).multipliedReportingOverflow(by: 1000).partialValue / elapsed
        }
        lastTime = now
        lastTotal = total
    }
}

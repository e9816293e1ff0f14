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
    let startTime: Int64
    weak var loop: EventLoop?

    var jobs = ByteKeyedTable<Job>()
    var queues = ByteKeyedTable<JobQueue>()
    var schedule = AwakeSchedule()
    /// Queues that got a job while clients were blocked on them (served after each command).
    var readyQueues: [JobQueue] = []
    var blockedClients: [Int64: ClientConnection] = [:]
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

    init(nodeID: String, port: Int, password: String?, unixSocketPath: String?) {
        self.nodeID = nodeID
        nodePrefix = Array(nodeID.utf8.prefix(8))
        runID = randomHex(count: 40)
        self.port = port
        self.password = password
        self.unixSocketPath = unixSocketPath
        startTime = Clock.milliseconds()
    }

    var nowSeconds: Int64 { Clock.milliseconds() / 1000 }

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
            client.addError("ERR unknown command '\(Arguments.text(arguments[0]))'")
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
        let (seconds, micros) = Clock.secondsAndMicroseconds()
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
    func millisecondsUntilNextTimer(now: Int64) -> Int32 {
        var next = lastCron + 1000
        if let at = schedule.nextTime(), at < next { next = at }
        for client in blockedClients.values {
            if let deadline = client.blocked?.deadline, deadline > 0, deadline < next { next = deadline }
        }
        return Int32(max(0, min(1000, next - now)))
    }

    func runTimers(now: Int64) {
        processJobs(now: now)
        expireBlockedClients(now: now)
        if now - lastCron >= 1000 {
            lastCron = now
            evictIdleQueues(now: now / 1000)
            schedule.compactIfNeeded(liveJobs: jobs.count)
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
        if lastTime > 0 && now > lastTime {
            perSecond = (total - lastTotal) * 1000 / (now - lastTime)
        }
        lastTime = now
        lastTotal = total
    }
}

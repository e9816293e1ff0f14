import Disque
import RESP
#if canImport(Glibc)
import Glibc
#endif

/// `--top`: every queue on the node (or, with several nodes, the cluster,
/// summed by name) every `-i` seconds: length, blocked clients, jobs in and out
/// per second (from the change in QSTAT's jobs-in/jobs-out), age, idle, pause.
/// Redrawn in place on a terminal; elsewhere one line per refresh, with a
/// header every 20 lines, as redis-cli --stat; `--json` one object per refresh.
struct LiveView {
    var options: DisqueConnectionOptions
    var seeds: [DisqueEndpoint]
    var sort: String
    var interval: Double
    /// `-r`: stop after this many refreshes; nil runs until Ctrl-C.
    var refreshes: Int?
    var json: Bool

    /// One queue, summed over the nodes that have it.
    struct Row {
        var name: String
        var length = 0, blocked = 0, jobsIn = 0, jobsOut = 0
        var age = 0, idle = Int.max
        var pause = "none"
        var inRate: Double?, outRate: Double?
    }

    func run() -> ExitStatus {
        let nodes = NodeDiscovery.endpoints(options: options, seeds: seeds)
        var links: [DisqueEndpoint: DisqueConnection] = [:]
        defer { for link in links.values { link.close() } }
        let onTerminal = isatty(1) == 1 && !json
        if refreshes == nil { InterruptExit.install() }
        let out = FileOutput.standardOutput
        var previous: [String: Row] = [:]
        var previousAt = 0.0
        var count = 0
        while true {
            let now = MonotonicClock.seconds()
            var rows: [String: Row] = [:]
            var reached = 0
            var lastError: DisqueError?
            for endpoint in nodes {
                do throws(DisqueError) {
                    let link: DisqueConnection
                    if let open = links[endpoint] {
                        link = open
                    } else {
                        var linkOptions = options
                        linkOptions.endpoint = endpoint
                        linkOptions.readTimeout = .seconds(2)
                        link = try DisqueConnection(options: linkOptions)
                        links[endpoint] = link
                    }
                    for stats in try Self.queueStats(link) { Self.add(stats, to: &rows) }
                    reached += 1
                } catch {
                    links[endpoint]?.close()
                    links[endpoint] = nil
                    lastError = error
                }
            }
            if reached == 0, let lastError, count == 0 { return ExitStatus.reporting(lastError) }
            let elapsed = now - previousAt
            for (name, row) in rows where count > 0 && elapsed > 0 {
                let before = previous[name]
                rows[name]?.inRate = Double(max(0, row.jobsIn - (before?.jobsIn ?? 0))) / elapsed
                rows[name]?.outRate = Double(max(0, row.jobsOut - (before?.jobsOut ?? 0))) / elapsed
            }
            let sorted = Self.sorted(Array(rows.values), by: sort)
            let place = nodes.count > 1 ? "\(reached) of \(nodes.count) nodes" : "\(nodes[0])"
            if json {
                out.write(Self.jsonLine(sorted, place: place))
            } else if onTerminal {
                out.write("\u{1B}[H\u{1B}[2J" + Self.screen(sorted, place: place, interval: interval,
                                                          height: Self.terminalHeight()))
            } else {
                out.write(Self.statLine(sorted, header: count % 20 == 0))
            }
            out.flush()
            previous = rows
            previousAt = now
            count += 1
            if let refreshes, count >= refreshes { return .success }
            MonotonicClock.sleep(seconds: max(0, interval - (MonotonicClock.seconds() - now)))
        }
    }

    /// QSCAN to the end, then every QSTAT in one pipelined batch.
    static func queueStats(_ link: DisqueConnection) throws(DisqueError) -> [QueueStats] {
        let names = try link.allQueues()
        guard !names.isEmpty else { return [] }
        var result: [QueueStats] = []
        for reply in try link.pipeline(names.map { ["QSTAT", $0] }) where !reply.isNull && !reply.isError {
            result.append(try QueueStats(reply: reply, command: "QSTAT"))
        }
        return result
    }

    static func add(_ stats: QueueStats, to rows: inout [String: Row]) {
        var row = rows[stats.name] ?? Row(name: stats.name)
        row.length += stats.length
        row.blocked += stats.blocked
        row.jobsIn += stats.jobsIn
        row.jobsOut += stats.jobsOut
        row.age = max(row.age, Int(stats.age.components.seconds))
        row.idle = min(row.idle, Int(stats.idle.components.seconds))
        if stats.pause != "none" { row.pause = row.pause == "none" || row.pause == stats.pause ? stats.pause : "mixed" }
        rows[stats.name] = row
    }

    static func sorted(_ rows: [Row], by column: String) -> [Row] {
        func key(_ row: Row) -> Double {
            switch column {
            case "in": return row.inRate ?? 0
            case "out": return row.outRate ?? 0
            case "blocked": return Double(row.blocked)
            default: return Double(row.length)
            }
        }
        if column == "name" { return rows.sorted { $0.name < $1.name } }
        return rows.sorted { key($0) != key($1) ? key($0) > key($1) : $0.name < $1.name }
    }

    static func rate(_ value: Double?) -> String {
        guard let value else { return "-" }
        return LatencyProbe.Tally.twoDecimals(value).dropLast(1).description
    }

    static func terminalHeight() -> Int {
        var size = winsize()
        guard ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0 else { return 24 }
        return Int(size.ws_row)
    }
}

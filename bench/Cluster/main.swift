// disque-cluster-bench: bench/cluster.sh's driver. Runs one scenario with
// DisqueCluster against a real three-node cluster the script started, and
// prints the numbers. Usage:
//   disque-cluster-bench failover|locality|leaving --ports P1,P2,P3 --pids N1,N2,N3
import Disque
import Foundation
#if canImport(Glibc)
import Glibc
#endif

struct Arguments {
    var scenario = ""
    var ports: [Int] = []
    var pids: [Int32] = []

    init() {
        var words = CommandLine.arguments.dropFirst()
        scenario = words.popFirst() ?? ""
        while let word = words.popFirst() {
            let list = (words.popFirst() ?? "").split(separator: ",")
            if word == "--ports" { ports = list.compactMap { Int($0) } }
            if word == "--pids" { pids = list.compactMap { Int32($0) } }
        }
    }
}

/// Monotonic milliseconds, comparable between threads (and processes) on one machine.
func nowMilliseconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1e6
}

func median(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return .nan }
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func fmt(_ value: Double) -> String { String(format: "%.1f", value) }

func connect(_ port: Int) throws -> DisqueConnection {
    try DisqueConnection(options: DisqueConnectionOptions(endpoint: .tcp(host: "127.0.0.1", port: port),
                                                          connectTimeout: .seconds(2), readTimeout: .seconds(10),
                                                          writeTimeout: .seconds(10), reconnect: true))
}

func port(of node: ClusterNode?) -> Int {
    if case .tcp(_, let port)? = node?.endpoint { return port }
    return -1
}

/// Every (id, body) of `queue` on the node, through JSCAN pages.
func jobs(on port: Int, queue: String) throws -> [(id: String, body: String)] {
    let connection = try connect(port)
    defer { connection.close() }
    var found: [(String, String)] = []
    var cursor = "0"
    repeat {
        let page = try connection.send(["JSCAN", cursor, "COUNT", "1000", "QUEUE", queue, "REPLY", "all"])
        cursor = page.array?.first?.string ?? "0"
        for item in page.array?.dropFirst().first?.array ?? [] {
            let fields = item.array ?? []
            var id = "", body = ""
            for index in stride(from: 0, to: fields.count - 1, by: 2) {
                if fields[index].string == "id" { id = fields[index + 1].string ?? "" }
                if fields[index].string == "body" { body = fields[index + 1].string ?? "" }
            }
            found.append((id, body))
        }
    } while cursor != "0"
    return found
}

// MARK: - Failover

/// A producer adds in a loop; its node is killed with SIGKILL. How long until
/// an ADDJOB succeeds elsewhere; is every job reported added on a survivor; was any added twice.
func failover(_ arguments: Arguments) throws {
    var options = DisqueClusterOptions.local(ports: arguments.ports)
    options.readTimeout = .seconds(5)
    let client = try DisqueCluster(options: options)
    var moves: [String] = []
    client.onMove = { moves.append($0.description) }
    var added: [(id: JobID, body: String)] = []
    var uncertain: [String] = []
    var killedAt: Double?
    var firstAfterKill: Double?
    var victim = -1
    var index = 0
    let started = nowMilliseconds()
    while nowMilliseconds() - started < 8000 {
        if killedAt == nil, added.count == 300 {
            victim = port(of: client.producerNode)
            guard let at = arguments.ports.firstIndex(of: victim) else { throw CocoaError(.featureUnsupported) }
            kill(arguments.pids[at], SIGKILL)
            killedAt = nowMilliseconds()
        }
        let body = "job-\(index)"
        index += 1
        do {
            added.append((try client.addJob(queue: "bench-failover", body: body, timeout: .seconds(2), replicate: 2), body))
            if killedAt != nil, firstAfterKill == nil { firstAfterKill = nowMilliseconds() }
            if firstAfterKill != nil, added.count >= 600 { break }
        } catch {
            // Reported, not retried: the job may or may not exist.
            uncertain.append("\(body): \(error)")
        }
    }
    client.close()
    let survivors = arguments.ports.filter { $0 != victim }
    var ids: [String: Set<String>] = [:]
    var known = Set<String>()
    for port in survivors {
        for job in try jobs(on: port, queue: "bench-failover") {
            ids[job.body, default: []].insert(job.id)
            known.insert(job.id)
        }
    }
    let missing = added.filter { !known.contains($0.id.rawValue) }
    let doubled = ids.filter { $0.value.count > 1 }
    print("failover: killed node :\(victim) after \(300) jobs; moves: \(moves)")
    if let killedAt, let firstAfterKill {
        print("failover: next successful ADDJOB \(fmt(firstAfterKill - killedAt)) ms after kill -9 (target < 1000 ms)")
    } else {
        print("failover: no ADDJOB succeeded after the kill")
    }
    print("failover: reported added \(added.count), missing on survivors \(missing.count), added twice \(doubled.count),"
          + " failed and reported (not re-sent) \(uncertain.count)")
    for line in uncertain.prefix(3) { print("failover:   \(line)") }
}

// MARK: - Locality

/// A producer on node A at 5 jobs/s; a consumer started on node B. Median
/// delivery latency before and after the client moves GETJOB to A.
func locality(_ arguments: Arguments, window: Int) throws {
    let producerPort = arguments.ports[0], consumerPort = arguments.ports[1]
    let stop = Atomic(false)
    let producer = Thread {
        guard let connection = try? connect(producerPort) else { return }
        while !stop.value {
            _ = try? connection.send(["ADDJOB", "bench-locality", fmt(nowMilliseconds()), "1000", "REPLICATE", "2"])
            Thread.sleep(forTimeInterval: 0.2)
        }
    }
    producer.start()
    var options = DisqueClusterOptions.local(ports: [consumerPort])
    options.locality = LocalityOptions(window: window)
    let client = try DisqueCluster(options: options)
    var movedAt: Double?
    client.onMove = { move in
        movedAt = nowMilliseconds()
        print("locality: \(move)")
    }
    var before: [Double] = [], after: [Double] = []
    let started = nowMilliseconds()
    while after.count < 25, nowMilliseconds() - started < 90_000 {
        for job in try client.getJob(from: "bench-locality", timeout: .seconds(2), count: 1) {
            let latency = nowMilliseconds() - (Double(job.bodyText) ?? .nan)
            // The job that triggered the move was still delivered from B.
            if movedAt == nil || port(of: client.currentNode) != producerPort { before.append(latency) } else { after.append(latency) }
            try client.ackJob(job.id)
        }
    }
    stop.value = true
    print("locality: window \(window) jobs; moved after \(before.count) jobs"
          + (movedAt.map { ", \(fmt(($0 - started) / 1000)) s after start" } ?? " (never moved)"))
    print("locality: median delivery latency on B (before) \(fmt(median(before))) ms over \(before.count);"
          + " on A (after) \(fmt(median(after))) ms over \(after.count) (target ≤ 20 ms)")
}

// MARK: - LEAVING

/// A consumer on node C; CLUSTER LEAVING yes on C. How long until it consumes
/// from another node; whether any job was delivered twice.
func leaving(_ arguments: Arguments) throws {
    var options = DisqueClusterOptions.local(ports: arguments.ports)
    options.locality = .disabled
    let client = try DisqueCluster(options: options)
    let consumerPort = port(of: client.currentNode)
    // The producer is the node the consumer will not move to (the first other
    // node fit for work is where it goes): jobs must then come over by federation.
    let workers = client.nodes.workers(at: .now).map { port(of: $0) }.filter { $0 != consumerPort }
    let producerPort = workers.last ?? arguments.ports[0]
    var moves: [String] = []
    client.onMove = { moves.append($0.description) }
    let stop = Atomic(false)
    let producer = Thread {
        guard let connection = try? connect(producerPort) else { return }
        var index = 0
        while !stop.value {
            _ = try? connection.send(["ADDJOB", "bench-leaving", "job-\(index)", "1000", "REPLICATE", "2", "RETRY", "2"])
            index += 1
            Thread.sleep(forTimeInterval: 0.02)
        }
    }
    producer.start()
    var delivered: [String: Int] = [:]
    var ids: [String: Set<String>] = [:]
    var lostAcks = 0
    var twice: [String] = []
    var leavingAt: Double?
    var firstElsewhere: Double?
    let started = nowMilliseconds()
    while nowMilliseconds() - started < 7000 {
        if leavingAt == nil, nowMilliseconds() - started > 2000 {
            let connection = try connect(consumerPort)
            _ = try connection.send(["CLUSTER", "LEAVING", "yes"])
            connection.close()
            leavingAt = nowMilliseconds()
        }
        if nowMilliseconds() - started > 5000 { stop.value = true }
        let got = try client.getJob(from: "bench-leaving", timeout: .milliseconds(200), count: 10)
        if leavingAt != nil, firstElsewhere == nil, !got.isEmpty, port(of: client.currentNode) != consumerPort {
            firstElsewhere = nowMilliseconds()
        }
        for job in got {
            delivered[job.bodyText, default: 0] += 1
            ids[job.bodyText, default: []].insert(job.id.rawValue)
            if try client.ackJob(job.id) == 0 { lostAcks += 1 }
            if delivered[job.bodyText, default: 0] > 1 {
                twice.append("\(job.bodyText) from :\(port(of: client.currentNode))\(leavingAt == nil ? "" : " after leaving")")
            }
        }
    }
    let sameID = ids.filter { $0.value.count == 1 && delivered[$0.key, default: 0] > 1 }.count
    print("leaving: ACKJOB answered 0 for \(lostAcks); delivered again with the same ID \(sameID); first: \(twice.prefix(4))")
    let connection = try connect(consumerPort)
    _ = try connection.send(["CLUSTER", "LEAVING", "no"])
    print("leaving: consumer on :\(consumerPort), producer on :\(producerPort); moves: \(moves)")
    if let leavingAt, let firstElsewhere {
        print("leaving: consuming from :\(port(of: client.currentNode)) \(fmt(firstElsewhere - leavingAt)) ms after"
              + " CLUSTER LEAVING yes (target < 1000 ms)")
    } else {
        print("leaving: never consumed from another node")
    }
    print("leaving: delivered \(delivered.count) jobs, delivered twice \(delivered.filter { $0.value > 1 }.count)")
}

/// A flag one thread sets and another reads.
final class Atomic: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Bool
    init(_ value: Bool) { stored = value }
    var value: Bool {
        get { lock.lock(); defer { lock.unlock() }; return stored }
        set { lock.lock(); stored = newValue; lock.unlock() }
    }
}

let arguments = Arguments()
guard arguments.ports.count == 3 else {
    FileHandle.standardError.write("usage: disque-cluster-bench failover|locality|leaving --ports P1,P2,P3 --pids N1,N2,N3\n".data(using: .utf8)!)
    exit(2)
}
do {
    switch arguments.scenario {
    case "failover": try failover(arguments)
    case "locality": try locality(arguments, window: Int(ProcessInfo.processInfo.environment["LOCALITY_WINDOW"] ?? "") ?? 20)
    case "leaving": try leaving(arguments)
    default: print("unknown scenario \(arguments.scenario)"); exit(2)
    }
} catch {
    print("\(arguments.scenario): failed: \(error)")
    exit(1)
}

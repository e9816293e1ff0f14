// disque-bench: load for bench/library.sh. Prints one line per run,
// "<mode> <ops> ops in <seconds> s = <ops/s> ops/s", or the memory figures.
//
//   disque-bench serial PORT N             one task, addJob in a loop (DisqueClient)
//   disque-bench serial-home PORT N        the same, the task preferring client.taskExecutor
//   disque-bench serial-nio PORT N         the same, NIO's event loops installed as the global
//                                          executor first (as Vapor's template does in main)
//   disque-bench floor PORT N              the serial loop on a bare NIO channel (NIOFloor.swift);
//                floor-home, floor-loop    the same preferring its loop, or with no task at all
//   disque-bench tasks PORT N TASKS        TASKS tasks sharing one DisqueClient
//   disque-bench pipeline PORT N DEPTH     the sync DisqueConnection, DEPTH commands per pipeline
//   disque-bench blocked PORT TASKS        TASKS tasks blocked in jobs(from:): RSS and links
import Disque
import DisqueNIO
import Foundation
import Logging
import NIOCore
import NIOPosix

// Before any task runs: from here on, tasks run on the same event loops as the links.
if CommandLine.arguments.count > 1, CommandLine.arguments[1] == "serial-nio" {
    guard NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor() else {
        print("could not install NIO's event loops as the global executor")
        exit(1)
    }
}

func report(_ mode: String, _ ops: Int, _ elapsed: Duration) {
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print("\(mode) \(ops) ops in \(String(format: "%.3f", seconds)) s = \(Int(Double(ops) / seconds)) ops/s")
}

/// Resident memory, from /proc (kB).
func residentKilobytes() -> Int {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
    return Int(line.split(separator: " ").dropFirst().first ?? "") ?? -1
}

func withRunningClient(_ port: Int, _ configuration: DisqueClientConfiguration = DisqueClientConfiguration(),
                       _ body: @escaping @Sendable (DisqueClient) async throws -> Void) async throws {
    var logger = Logger(label: "disque-bench")
    logger.logLevel = .error
    let client = DisqueClient(nodes: [.tcp(host: "127.0.0.1", port: port)], configuration: configuration,
                              logger: logger)
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await client.run() }
        try await body(client)
        group.cancelAll()
    }
}

let clock = ContinuousClock()

/// One task, addJob in a loop, after a first call that connects and discovers.
func serial(_ client: DisqueClient, _ mode: String, _ count: Int) async throws {
    _ = try await client.addJob(queue: "bench", body: "x", timeout: .zero)
    let start = clock.now
    for _ in 0..<count { _ = try await client.addJob(queue: "bench", body: "x", timeout: .zero) }
    report(mode, count, clock.now - start)
}

let arguments = CommandLine.arguments
guard arguments.count >= 4, let port = Int(arguments[2]), let count = Int(arguments[3]) else {
    print("usage: disque-bench serial|tasks|pipeline|blocked PORT N [TASKS|DEPTH]")
    exit(2)
}
let extra = arguments.count > 4 ? Int(arguments[4]) ?? 50 : 50

switch arguments[1] {
case "floor", "floor-home", "floor-loop":
    try await nioFloor(arguments[1], port: port, count: count)
case "serial":
    try await withRunningClient(port) { client in try await serial(client, "serial", count) }
case "serial-home":
    // The same loop in a task that prefers the client's event loop: no thread hop per call.
    try await withRunningClient(port) { client in
        try await withTaskExecutorPreference(client.taskExecutor) { try await serial(client, "serial-home", count) }
    }
case "serial-nio":
    try await withRunningClient(port) { client in try await serial(client, "serial-nio", count) }
case "tasks":
    try await withRunningClient(port) { client in
        _ = try await client.addJob(queue: "bench", body: "x", timeout: .zero)
        let start = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<extra {
                let share = count / extra + (task < count % extra ? 1 : 0)
                group.addTask {
                    for _ in 0..<share { _ = try await client.addJob(queue: "bench", body: "x", timeout: .zero) }
                }
            }
            try await group.waitForAll()
        }
        report("tasks(\(extra))", count, clock.now - start)
    }
case "pipeline":
    let connection = try DisqueConnection(options: .tcp(port: port))
    let command = ["ADDJOB", "bench", "x", "0"].map { Array($0.utf8) }
    let batch = [[[UInt8]]](repeating: command, count: extra)
    let start = clock.now
    var done = 0
    while done < count {
        let replies = try connection.pipeline(bytes: Array(batch.prefix(min(extra, count - done))))
        done += replies.count
    }
    report("pipeline(\(extra))", done, clock.now - start)
case "blocked":
    // N is the number of tasks here.
    let before = residentKilobytes()
    try await withRunningClient(port, DisqueClientConfiguration(maxBlockingConnectionsPerNode: count + 10)) { client in
        let queue = "bench-blocked-\(getpid())"
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<count {
                group.addTask {
                    for try await job in client.jobs(from: [queue], wait: .seconds(60)) { try await job.ack() }
                }
            }
            // Wait until every task holds its GETJOB link.
            let deadline = clock.now + .seconds(60)
            while client.blockingConnections < count && clock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
            let links = client.openConnections.values.reduce((0, 0)) { ($0.0 + $1.shared, $0.1 + $1.blocking) }
            print("blocked \(count) tasks: RSS \(residentKilobytes()) kB (\(before) kB before),"
                + " links \(links.0) shared + \(links.1) blocking")
            group.cancelAll()
        }
    }
default:
    print("unknown mode \(arguments[1])")
    exit(2)
}

extension DisqueClient {
    var blockingConnections: Int { openConnections.values.reduce(0) { $0 + $1.blocking } }
}

import Disque
import DisqueTestSupport
import Foundation
import Glibc
import Testing

/// `disque-cli --work`: real worker processes running real commands, against
/// MiniDisque or the real server. Every wait polls with a deadline.
@Suite("Worker: --work QUEUE CMD")
struct WorkerTests {
    /// A scratch folder for the commands' logs.
    final class Scratch {
        let path = NSTemporaryDirectory() + "disque-worker-\(getpid())-\(UUID().uuidString.prefix(8))"
        init() throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: path) }
        var log: String { path + "/log" }
        func lines() -> [String] {
            ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }
    }

    static func add(_ node: TestNode, _ queue: String, _ body: String, _ options: [String] = []) throws -> JobID {
        let reply = try node.send(["ADDJOB", queue, body, "0"] + options)
        let text = try #require(reply.string)
        return try #require(JobID(text))
    }

    static func show(_ node: TestNode, _ id: JobID) throws -> JobInfo? {
        let connection = try node.connect()
        defer { connection.close() }
        return try connection.show(id)
    }

    /// SIGTERM, then the result; the worker must exit 0 on its own.
    static func stop(_ worker: CLIProcess) -> CLIResult {
        worker.signal(SIGTERM)
        return worker.finish(timeout: .seconds(20))
    }

    @Test("exit 0 acks; a failure NACKs and the job comes back with its counters in the environment")
    func ackAndNack() throws {
        let node = try TestNode()
        let scratch = try Scratch()
        let ok = try Self.add(node, "wq", "ok")
        let bad = try Self.add(node, "wq", "bad")
        // "bad" fails until it has been NACKed twice.
        let script = #"b=$(cat); echo "$DISQUE_JOB_ID $DISQUE_JOB_QUEUE $DISQUE_JOB_NACKS $b" >> "$0"; "#
            + #"[ "$b" != bad ] || [ "$DISQUE_JOB_NACKS" -ge 2 ]"#
        let worker = try CLIProcess(node.address + ["--work", "wq", "sh", "-c", script, scratch.log])
        try waitUntil("bad delivered a third time") { scratch.lines().contains("\(bad) wq 2 bad") }
        try waitUntil("both jobs acked") {
            try node.send(["JSCAN", "0", "QUEUE", "wq"]).array?.last?.array?.isEmpty == true
        }
        let result = Self.stop(worker)
        #expect(result.status == 0, "\(result)")
        #expect(scratch.lines().filter { $0.hasPrefix(ok.rawValue) } == ["\(ok) wq 0 ok"])
        #expect(scratch.lines().filter { $0.hasPrefix(bad.rawValue) }
                == ["\(bad) wq 0 bad", "\(bad) wq 1 bad", "\(bad) wq 2 bad"], "\(scratch.lines())")
        #expect(result.err.contains("worker: 2 done, 2 failed, 2 nacked, 2 re-delivered"), "\(result)")
        #expect(result.err.contains("job \(bad) (wq) exited 1; NACKed"), "\(result)")
    }

    @Test("--on-failure ack acks a failed job; keep leaves it to RETRY (still held, not re-queued at once)")
    func failurePolicies() throws {
        let node = try TestNode()
        let acked = try Self.add(node, "pa", "x")
        let worker = try CLIProcess(node.address + ["--work", "pa", "--on-failure", "ack", "false"])
        try waitUntil("the failed job acked") { try Self.show(node, acked) == nil }
        #expect(Self.stop(worker).err.contains("0 done, 1 failed, 0 nacked"))

        let kept = try Self.add(node, "pk", "x", ["RETRY", "60"])
        let keeper = try CLIProcess(node.address + ["--work", "pk", "--on-failure", "keep", "false"])
        #expect(keeper.waitForOutput(containing: "left to RETRY", onStderr: true))
        let result = Self.stop(keeper)
        #expect(result.err.contains("0 done, 1 failed, 0 nacked"), "\(result)")
        let info = try #require(try Self.show(node, kept))
        #expect(info.state == .active && info.nacks == 0, "\(info)")
    }

    @Test("WORKING keeps a job that runs past its RETRY from being re-delivered")
    func workingHeartbeat() throws {
        let node = try TestNode()
        let scratch = try Scratch()
        let id = try Self.add(node, "slow", "x", ["RETRY", "1"])
        let worker = try CLIProcess(node.address + ["--work", "slow", "sh", "-c",
                                                    #"echo start >> "$0"; sleep 3; echo end >> "$0""#, scratch.log])
        try waitUntil("the job started") { scratch.lines() == ["start"] }
        // While it runs (three RETRY periods), it stays delivered: never queued again.
        while !scratch.lines().contains("end") {
            if let info = try Self.show(node, id) {
                #expect(info.state == .active && info.additionalDeliveries == 0 && info.nacks == 0, "\(info)")
            }
            #expect(try node.send(["QLEN", "slow"]) == .integer(0))
            usleep(100_000)
        }
        try waitUntil("acked") { try Self.show(node, id) == nil }
        let result = Self.stop(worker)
        #expect(scratch.lines() == ["start", "end"], "\(scratch.lines())")
        #expect(result.err.contains("1 done, 0 failed, 0 nacked, 0 re-delivered"), "\(result)")
    }

    @Test("the same job without WORKING is re-delivered after RETRY (what the heartbeat prevents)")
    func retryWithoutHeartbeat() throws {
        let node = try TestNode()
        let id = try Self.add(node, "bare", "x", ["RETRY", "1"])
        #expect(try node.send(["GETJOB", "FROM", "bare"]).array?.count == 1)
        try waitUntil("re-queued by RETRY", timeout: .seconds(10)) { try node.send(["QLEN", "bare"]) == .integer(1) }
        _ = try node.send(["DELJOB", id.rawValue])
    }

    @Test("--time-limit kills the command's whole process group and NACKs the job")
    func timeLimit() throws {
        let node = try TestNode()
        let scratch = try Scratch()
        let id = try Self.add(node, "tl", "x")
        let worker = try CLIProcess(node.address + ["--work", "tl", "--time-limit", "0.5", "sh", "-c",
                                                    #"sleep 30 & echo $! >> "$0"; wait"#, scratch.log])
        try waitUntil("NACKed after the time limit") { (try Self.show(node, id)?.nacks ?? 0) >= 1 }
        let sleeper = try #require(scratch.lines().first.flatMap { Int32($0) })
        try waitUntil("the grandchild killed too") { kill(sleeper, 0) != 0 }
        let result = Self.stop(worker)
        #expect(result.status == 0 && result.err.contains("exceeded the time limit; NACKed"), "\(result)")
        _ = try node.send(["DELJOB", id.rawValue])
    }

    @Test("-c N runs N jobs at once")
    func concurrency() throws {
        let node = try TestNode()
        let scratch = try Scratch()
        for n in 0..<4 { _ = try Self.add(node, "cc", "job \(n)") }
        // Each job waits (up to 10 s) for all four to have started: only true with four at once.
        // (A job ID may hold a "/", so the file is named after the body.)
        let barrier = #"touch "$0/$(cat | tr ' ' _)"; n=0; while [ $(ls "$0" | wc -l) -lt 4 ]; do "#
            + #"n=$((n+1)); [ $n -gt 200 ] && exit 1; sleep 0.05; done"#
        let worker = try CLIProcess(node.address + ["--work", "cc", "-c", "4", "sh", "-c", barrier, scratch.path])
        try waitUntil("all acked") { try node.send(["JSCAN", "0", "QUEUE", "cc"]).array?.last?.array?.isEmpty == true }
        let result = Self.stop(worker)
        #expect(result.err.contains("4 done, 0 failed, 0 nacked"), "\(result)")
    }

    @Test("SIGTERM: no new GETJOB, running jobs finish and are acked, held ones NACKed, exit 0")
    func gracefulStop() throws {
        let node = try TestNode()
        let scratch = try Scratch()
        let ids = try (0..<3).map { try Self.add(node, "gs", "job \($0)") }
        let script = #"echo "start $DISQUE_JOB_ID" >> "$0"; sleep 1; echo "end $DISQUE_JOB_ID" >> "$0""#
        let worker = try CLIProcess(node.address + ["--work", "gs", "-c", "2", "sh", "-c", script, scratch.log])
        try waitUntil("two running") { scratch.lines().filter { $0.hasPrefix("start") }.count == 2 }
        let result = Self.stop(worker)
        #expect(result.status == 0, "\(result)")
        let started = Set(scratch.lines().filter { $0.hasPrefix("start") }.map { String($0.dropFirst(6)) })
        let ended = Set(scratch.lines().filter { $0.hasPrefix("end") }.map { String($0.dropFirst(4)) })
        #expect(started.count == 2 && ended == started, "\(scratch.lines())")
        for id in ids {
            let info = try Self.show(node, id)
            if started.contains(id.rawValue) {
                #expect(info == nil, "a finished job must be acked: \(String(describing: info))")
            } else {
                // Held but never run: back in the queue, not lost, not acked.
                #expect(info?.state == .queued && info?.nacks == 1, "\(String(describing: info))")
            }
        }
        #expect(result.err.contains("worker: 2 done, 0 failed, 1 nacked"), "\(result)")
    }

    @Test("a command that cannot start: the job is NACKed, the worker stops with status 2")
    func missingCommand() throws {
        let node = try TestNode()
        let id = try Self.add(node, "nc", "x")
        let result = try node.cli(["--work", "nc", "/nonexistent/handler"], timeout: .seconds(20))
        #expect(result.status == 2 && result.err.contains("cannot run /nonexistent/handler"), "\(result)")
        let info = try #require(try Self.show(node, id))
        // NACKed (twice if a GETJOB already in flight brought it back: then it is NACKed again, never kept).
        #expect(info.state == .queued && (1...2).contains(info.nacks), "\(info)")
    }

    @Test("past the grace period a running job is killed and NACKed; the worker still exits 0")
    func graceExpires() throws {
        let node = try TestNode()
        let scratch = try Scratch()
        let id = try Self.add(node, "ge", "x")
        let worker = try CLIProcess(node.address + ["--work", "ge", "--grace", "0.3", "sh", "-c",
                                                    #"echo start >> "$0"; sleep 30"#, scratch.log])
        try waitUntil("running") { scratch.lines() == ["start"] }
        let result = Self.stop(worker)
        #expect(result.status == 0 && result.err.contains("was killed at shutdown; NACKed"), "\(result)")
        #expect(result.err.contains("0 done, 0 failed, 1 nacked"), "\(result)")
        let info = try #require(try Self.show(node, id))
        #expect(info.state == .queued && info.nacks == 1, "\(info)")
    }
}

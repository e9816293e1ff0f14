import Disque
import DisqueTestSupport
import Foundation
import Glibc
import Testing

/// --jobs and --work with every node of a real three-node cluster named.
@Suite("Operations on a real cluster", .enabled(if: TestCluster.isAvailable, "needs the real Disque: set DISQUE_SERVER"))
struct OperationsClusterTests {
    static func all(_ cluster: TestCluster) -> [String] {
        ["-h", cluster.nodes.map { "127.0.0.1:\($0.port)" }.joined(separator: ",")]
    }

    @Test("--jobs counts each job once over the nodes (a replicated one too) and deletes every copy")
    func bulkOverNodes() throws {
        let cluster = try TestCluster.shared()
        let queue = "ops-bulk-\(getpid())-\(UUID().uuidString.prefix(6))"
        for node in cluster.nodes {
            _ = try node.send(["ADDJOB", queue, "one", "0", "REPLICATE", "1"])
        }
        var everywhere = ""
        try waitUntil("a job on every node") {
            everywhere = try cluster.nodes[0].send(["ADDJOB", queue, "all", "5000", "REPLICATE", "3"]).string ?? ""
            return JobID(everywhere) != nil
        }
        let count = try CLIProcess.run(Self.all(cluster) + ["--jobs", "count", "--in", queue])
        #expect(count.out == "4\n", "\(count)")
        let exported = try CLIProcess.run(Self.all(cluster) + ["--jobs", "export", "--in", queue])
        #expect(exported.lines.count == 4 && exported.lines.filter { $0.contains(everywhere) }.count == 1, "\(exported)")
        // --top sums the queue over the nodes: one queued job on each, plus the replicated one where it was added.
        let top = try CLIProcess.run(Self.all(cluster) + ["--json", "--top", "-r", "1"])
        #expect(top.out.contains(#"{"name":"\#(queue)","len":4,"#) && top.out.contains(#""nodes":"3 of 3 nodes""#), "\(top)")
        let deleted = try CLIProcess.run(Self.all(cluster) + ["--jobs", "delete", "--in", queue])
        #expect(deleted.status == 0 && deleted.out.hasPrefix("delete: 6 of 6 jobs"), "\(deleted)")
        for node in cluster.nodes { #expect(try node.send(["SHOW", everywhere]) == .nullBulk) }
        #expect(try CLIProcess.run(Self.all(cluster) + ["--jobs", "count", "--in", queue]).out == "0\n")
    }

    @Test("--work through the cluster client: every job run and acked")
    func workerOverNodes() throws {
        let cluster = try TestCluster.shared()
        let queue = "ops-work-\(getpid())-\(UUID().uuidString.prefix(6))"
        // Right after the cluster forms, a node may still answer NOREPL for a while.
        var ids: [String] = []
        for n in 0..<6 {
            try waitUntil("job \(n) added") {
                let reply = try cluster.nodes[n % 3].send(["ADDJOB", queue, "job \(n)", "5000", "RETRY", "30"])
                guard let id = reply.string, JobID(id) != nil else { return false }
                ids.append(id)
                return true
            }
        }
        let worker = try CLIProcess(Self.all(cluster) + ["--work", queue, "-c", "2", "cat"])
        // Acked on every node that holds a copy (the copies are collected a little later).
        let acked = eventually(timeout: .seconds(30)) {
            try ids.allSatisfy { text in
                let id = try #require(JobID(text))
                return try cluster.nodes.allSatisfy { node in
                    let connection = try node.connect()
                    defer { connection.close() }
                    let state = try connection.show(id)?.state
                    return state == nil || state == .acked
                }
            }
        }
        worker.signal(SIGTERM)
        let result = worker.finish(timeout: .seconds(20))
        #expect(acked, "not every job was acked: \(result)")
        #expect(result.status == 0 && result.err.contains("worker: 6 done, 0 failed"), "\(result)")
        #expect(Set(result.out.split(separator: "\n").flatMap { $0.components(separatedBy: "job ") }.filter { !$0.isEmpty })
                .count == 6, "\(result)")
    }
}

import Disque
import RESP
#if canImport(Glibc)
import Glibc
#endif

/// `--jobs ACTION [--in QUEUE] [--state S]…`: every job the selection finds,
/// page by page and node by node, listed, counted, exported or acted on. An
/// action that removes jobs (ack, delete, dequeue) counts first and asks on a
/// terminal; `--dry-run` only counts.
struct BulkJobs {
    var selection: JobSelection
    var action: String
    var dryRun: Bool
    var assumeYes: Bool
    var json: Bool

    /// The Disque command each action sends, with a page of IDs.
    static let commands = ["ack": "ACKJOB", "delete": "DELJOB", "enqueue": "ENQUEUE", "dequeue": "DEQUEUE"]
    static let destructive: Set<String> = ["ack", "delete", "dequeue"]
    /// SHOWs in flight at once while exporting: bounds memory by bodies, not jobs.
    static let exportWindow = 32

    func run() -> ExitStatus {
        do {
            switch action {
            case "list": return try list()
            case "count":
                let count = try countSelected()
                FileOutput.standardOutput.write(json ? #"{"count":\#(count)}"# + "\n" : "\(count)\n")
                return .success
            case "export": return try export()
            default: return try act()
            }
        } catch {
            FileOutput.standardOutput.flush()
            return ExitStatus.reporting(error)
        }
    }

    private func list() throws(DisqueError) -> ExitStatus {
        let out = FileOutput.standardOutput
        try selection.forEachPage { _, ids throws(DisqueError) in
            out.append { buffer in
                for id in ids {
                    if json {
                        ByteEscaping.appendJSONString(id.rawValue.utf8, into: &buffer)
                    } else {
                        buffer.append(contentsOf: Array(id.rawValue.utf8))
                    }
                    buffer.append(0x0A)
                }
            }
        }
        return .success
    }

    private func countSelected() throws(DisqueError) -> Int {
        var count = 0
        try selection.forEachPage { _, ids throws(DisqueError) in count += ids.count }
        return count
    }

    /// What the selection is, in words, for the question and the summary.
    var described: String {
        var words: [String] = []
        if let queue = selection.queue { words.append("queue \(queue)") }
        if !selection.states.isEmpty { words.append("state " + selection.states.map(\.name).joined(separator: "|")) }
        let nodes = selection.seeds.count > 1 ? "every node" : "\(selection.seeds.first.map { "\($0)" } ?? "the node")"
        return (words.isEmpty ? "all jobs" : words.joined(separator: ", ")) + " on " + nodes
    }

    private func act() throws(DisqueError) -> ExitStatus {
        let command = Self.commands[action]!
        let out = FileOutput.standardOutput
        if dryRun || Self.destructive.contains(action) && !assumeYes && isatty(0) == 1 {
            let count = try countSelected()
            if dryRun {
                out.write(json ? #"{"action":"\#(action)","selected":\#(count),"dry-run":true}"# + "\n"
                               : "would \(action) \(count) jobs (\(described))\n")
                return .success
            }
            if count == 0 {
                out.write(json ? #"{"action":"\#(action)","selected":0,"affected":0}"# + "\n" : "no jobs (\(described))\n")
                return .success
            }
            guard Self.confirm("\(action.prefix(1).uppercased() + action.dropFirst()) \(count) jobs (\(described))?") else {
                writeError("Nothing done.")
                return .usage
            }
        }
        var selected = 0, affected = 0
        var failure: String?
        // DELJOB, ENQUEUE and DEQUEUE act on the node asked only: each copy gets its own.
        try selection.forEachPage(everyCopy: true) { connection, ids throws(DisqueError) in
            selected += ids.count
            let reply = try connection.send([command] + ids.map(\.rawValue))
            switch reply {
            case .integer(let n): affected += Int(n)
            case .error(let line): failure = failure ?? line
            default: break
            }
        }
        if let failure { writeError("\(command): \(failure)") }
        out.write(json ? #"{"action":"\#(action)","selected":\#(selected),"affected":\#(affected)}"# + "\n"
                       : "\(action): \(affected) of \(selected) jobs (\(described))\n")
        return failure == nil ? .success : .serverError
    }

    /// Asks on stderr, reads the answer from the terminal on stdin.
    static func confirm(_ question: String) -> Bool {
        writeError(question + " [y/N] ")
        var answer: [UInt8] = []
        var byte: UInt8 = 0
        while read(0, &byte, 1) == 1, byte != 0x0A { answer.append(byte) }
        let text = String(decoding: answer, as: UTF8.self).lowercased()
        return text == "y" || text == "yes"
    }

    /// JSON lines on stdout, SHOW pipelined a window at a time on the node that
    /// holds the job; a job gone since the scan is skipped.
    private func export() throws(DisqueError) -> ExitStatus {
        let out = FileOutput.standardOutput
        var exported = 0
        try selection.forEachPage { connection, ids throws(DisqueError) in
            var start = 0
            while start < ids.count {
                let window = ids[start..<min(ids.count, start + Self.exportWindow)]
                start += window.count
                let replies = try connection.pipeline(window.map { ["SHOW", $0.rawValue] })
                for reply in replies where !reply.isNull && !reply.isError {
                    let info = try JobInfo(reply: reply, command: "SHOW")
                    out.append { JobJSONLine(info).append(into: &$0) }
                    exported += 1
                }
            }
        }
        out.flush()
        writeError("exported \(exported) jobs (\(described))")
        return .success
    }
}

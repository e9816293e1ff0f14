import Disque
import RESP
#if canImport(Glibc)
import Glibc
#endif

/// `--import`: reads `--jobs export` lines from stdin and adds each job with
/// its queue, body and options; prints each new ID in input order. Streamed:
/// one line and a window of ADDJOBs in memory at a time. Acked jobs are
/// skipped (they are done); a line that fails is reported and the rest goes on.
struct JobImport {
    var options: DisqueConnectionOptions
    var cluster: DisqueClusterOptions?
    var json: Bool

    /// ADDJOBs in flight at once on one node.
    static let window = 64

    struct Pending {
        var line: Int
        var oldID: String
        var queue: String
    }

    func run() -> ExitStatus {
        let link: CommandLink
        do {
            link = try CommandLink.open(options, cluster: cluster, echo: nil, onMove: { writeError($0.cliLine) })
        } catch {
            return ExitStatus.reporting(error)
        }
        defer { link.close() }
        let out = FileOutput.standardOutput
        var reader = InputLines(descriptor: 0)
        var pending: [Pending] = []
        var pendingHead = 0
        var lineNumber = 0, added = 0, failed = 0, skipped = 0

        func report(_ reply: RESPValue, for entry: Pending) {
            if case .error(let line) = reply {
                failed += 1
                writeError("line \(entry.line): \(line)")
                return
            }
            added += 1
            let id = reply.string ?? ""
            out.append { buffer in
                if json {
                    buffer.append(contentsOf: Array(#"{"id":"#.utf8))
                    ByteEscaping.appendJSONString(id.utf8, into: &buffer)
                    buffer.append(contentsOf: Array(#","was":"#.utf8))
                    ByteEscaping.appendJSONString(entry.oldID.utf8, into: &buffer)
                    buffer.append(contentsOf: Array(#","queue":"#.utf8))
                    ByteEscaping.appendJSONString(entry.queue.utf8, into: &buffer)
                    buffer.append(0x7D)
                } else {
                    buffer.append(contentsOf: Array(id.utf8))
                }
                buffer.append(0x0A)
            }
        }

        do throws(DisqueError) {
            while let line = reader.next() {
                lineNumber += 1
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                let job: JobJSONLine
                do {
                    job = try JobJSONLine(parsing: line)
                } catch {
                    failed += 1
                    writeError("line \(lineNumber): not an exported job: \(error)")
                    continue
                }
                if job.state == "acked" { skipped += 1; continue }
                let entry = Pending(line: lineNumber, oldID: job.id, queue: job.queue)
                switch link {
                case .node(let connection):
                    // Pipelined: a window of ADDJOBs on the wire, replies read oldest first.
                    connection.enqueue(job.addJobArguments)
                    pending.append(entry)
                    if pending.count - pendingHead >= Self.window {
                        report(try connection.readReply(), for: pending[pendingHead])
                        pendingHead += 1
                        if pendingHead > 1024 { pending.removeFirst(pendingHead); pendingHead = 0 }
                    }
                case .cluster(let cluster):
                    report(try cluster.send(bytes: job.addJobArguments), for: entry)
                }
            }
            if case .node(let connection) = link {
                while pendingHead < pending.count {
                    report(try connection.readReply(), for: pending[pendingHead])
                    pendingHead += 1
                }
            }
        } catch {
            out.flush()
            return ExitStatus.reporting(error)
        }
        out.flush()
        writeError("imported \(added) jobs" + (skipped > 0 ? ", skipped \(skipped) acked" : "")
                   + (failed > 0 ? ", \(failed) failed" : ""))
        return failed > 0 ? .serverError : .success
    }
}

/// Lines from a file descriptor, any length, without the newline; the
/// buffer holds one read chunk plus the line being assembled.
struct InputLines {
    let descriptor: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var scanned = 0
    private var atEnd = false

    init(descriptor: Int32) { self.descriptor = descriptor }

    mutating func next() -> ArraySlice<UInt8>? {
        while true {
            if let newline = buffer[scanned...].firstIndex(of: 0x0A) {
                let line = buffer[start..<newline]
                start = newline + 1
                scanned = start
                return line
            }
            scanned = buffer.count
            if atEnd {
                guard start < buffer.count else { return nil }
                let line = buffer[start...]
                start = buffer.count
                return line
            }
            if start > 0 {
                buffer.removeFirst(start)
                scanned -= start
                start = 0
            }
            var chunk = [UInt8](repeating: 0, count: 256 * 1024)
            let n = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if n > 0 {
                buffer.append(contentsOf: chunk[..<n])
            } else if n < 0, errno == EINTR {
                continue
            } else {
                atEnd = true
            }
        }
    }
}

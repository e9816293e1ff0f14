import Disque
import RESP

/// A reply read into the library's typed model, once, by the same readers
/// the typed API uses (`Job.list`, `Hello`, `ScanPage`, `fields`,
/// `InfoReport`, `ClusterNodesLine`): the pretty and JSON formatters render
/// the model rather than taking the RESP apart again each on its own.
///
/// A reply that does not fit its model (an unknown server's extra, a queue
/// name that is not UTF-8, which the model's `String` would repair) has no
/// model: the formatters then show it by its RESP kind, losing nothing.
enum ReplyModel {
    /// GETJOB / QPEEK; a timed-out GETJOB's null array is no jobs.
    case jobs([Job])
    /// SHOW / QSTAT: key/value pairs in the server's order.
    case record([(key: String, value: RESPValue)])
    case hello(Hello)
    /// QSCAN / JSCAN: the items as they came (names, IDs, or JSCAN REPLY ALL records).
    case scan(ScanPage<RESPValue>)
    /// INFO, CLUSTER INFO.
    case info(InfoReport)
    case clusterNodes([ClusterNodesLine])

    init?(_ value: RESPValue, shape: ReplyShape?) {
        guard let shape, !value.isError else { return nil }
        do throws(DisqueError) {
            switch shape {
            case .jobs:
                let jobs = try Job.list(from: value, command: "GETJOB")
                guard Self.keepsEveryByte(jobs, of: value) else { return nil }
                self = .jobs(jobs)
            case .jobDetails, .queueStats:
                self = .record(try value.fields(for: "SHOW"))
            case .hello:
                self = .hello(try Hello(reply: value, command: "HELLO"))
            case .queueScan, .jobScan:
                self = .scan(try ScanPage(reply: value, command: "SCAN"))
            case .info:
                guard let text = Self.utf8Text(value) else { return nil }
                self = .info(InfoReport(parsing: text))
            case .clusterNodes:
                guard let text = Self.utf8Text(value) else { return nil }
                self = .clusterNodes(ClusterNodesLine.parse(text))
            default:
                return nil
            }
        } catch {
            return nil
        }
    }

    /// A bulk string that is valid UTF-8, as text.
    private static func utf8Text(_ value: RESPValue) -> String? {
        guard case .bulk(let bytes) = value, ByteEscaping.isValidUTF8(bytes) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// True when the jobs' text fields say exactly what the server sent, and
    /// no counter the model does not know was dropped. (The body is bytes.)
    private static func keepsEveryByte(_ jobs: [Job], of value: RESPValue) -> Bool {
        guard case .array(let entries) = value else { return true }  // the null array: no jobs
        for (job, entry) in zip(jobs, entries) {
            guard case .array(let fields) = entry else { return false }
            let counters = (job.nacks == nil ? 0 : 1) + (job.additionalDeliveries == nil ? 0 : 1)
            guard fields.count == 3 + 2 * counters, fields[0].bytes == Array(job.queue.utf8),
                  fields[1].bytes == Array(job.id.rawValue.utf8) else { return false }
        }
        return true
    }
}

import RESP

/// The state of a job on a node, as SHOW and JSCAN name it.
public enum JobState: Sendable, Hashable, CustomStringConvertible {
    /// Waiting for enough nodes to confirm replication ("wait-repl").
    case waitReplication
    /// Delivered (or being replicated) but not in a queue ("active").
    case active
    /// Waiting in its queue ("queued").
    case queued
    /// Acknowledged, waiting to be garbage collected ("acked").
    case acked
    /// A name this client does not know.
    case other(String)

    public init(name: String) {
        switch name {
        case "wait-repl": self = .waitReplication
        case "active": self = .active
        case "queued": self = .queued
        case "acked": self = .acked
        default: self = .other(name)
        }
    }

    /// The server's spelling, as JSCAN's STATE option takes it.
    public var name: String {
        switch self {
        case .waitReplication: return "wait-repl"
        case .active: return "active"
        case .queued: return "queued"
        case .acked: return "acked"
        case .other(let name): return name
        }
    }

    public var description: String { name }
}

/// Everything SHOW (and JSCAN REPLY ALL) tells about a job.
public struct JobInfo: Sendable, Hashable {
    public var id: JobID
    public var queue: String
    public var state: JobState
    /// "repl": the replication factor asked for.
    public var replication: Int
    /// "ttl": time left before the job expires (whole seconds).
    public var ttl: Duration
    /// "ctime": creation time as Disque keeps it (milliseconds × 1 000 000 plus a counter).
    public var ctime: Int64
    /// "delay": how long the job waited before its first queueing.
    public var delay: Duration
    /// "retry": how long after a delivery it is queued again without an ACK (0: at most once).
    public var retry: Duration
    /// "nacks"
    public var nacks: Int
    /// "additional-deliveries"
    public var additionalDeliveries: Int
    /// "nodes-delivered": IDs of the nodes the job was replicated to.
    public var nodesDelivered: [String]
    /// "nodes-confirmed": IDs of the nodes that confirmed an ACK.
    public var nodesConfirmed: [String]
    /// "next-requeue-within" (milliseconds on the wire); nil when the job will
    /// not be queued again (RETRY 0, or already acked): the server sends a null.
    public var nextRequeueWithin: Duration?
    /// "next-awake-within" (milliseconds on the wire); nil when the server sends a null.
    public var nextAwakeWithin: Duration?
    /// "body", byte for byte.
    public var body: [UInt8]

    /// The creation time in milliseconds since the Unix epoch.
    public var createdAtUnixMilliseconds: Int64 { ctime / 1_000_000 }

    /// The body as UTF-8 text (invalid bytes repaired).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

extension JobInfo {
    /// Reads the flat key/value array; unknown keys are ignored.
    public init(reply: RESPValue, command: String) throws(DisqueError) {
        var id: JobID?
        var queue: String?
        var state: JobState?
        var info = (replication: 0, ttl: Int64(0), ctime: Int64(0), delay: Int64(0), retry: Int64(0),
                    nacks: 0, additional: 0, requeue: Int64?.none, awake: Int64?.none)
        var delivered: [String] = [], confirmed: [String] = []
        var body: [UInt8] = []
        for (key, value) in try reply.fields(for: command) {
            switch key {
            case "id": id = try JobID(reply: value, command: command)
            case "queue": queue = try value.text(for: command)
            case "state": state = JobState(name: try value.text(for: command))
            case "repl": info.replication = try value.integer(for: command)
            case "ttl": info.ttl = Int64(try value.integer(for: command))
            case "ctime": info.ctime = Int64(try value.integer(for: command))
            case "delay": info.delay = Int64(try value.integer(for: command))
            case "retry": info.retry = Int64(try value.integer(for: command))
            case "nacks": info.nacks = try value.integer(for: command)
            case "additional-deliveries": info.additional = try value.integer(for: command)
            case "nodes-delivered": delivered = try JobInfo.nodeList(value, command)
            case "nodes-confirmed": confirmed = try JobInfo.nodeList(value, command)
            case "next-requeue-within": info.requeue = try JobInfo.optionalInteger(value, command)
            case "next-awake-within": info.awake = try JobInfo.optionalInteger(value, command)
            case "body":
                guard let bytes = value.bytes else { throw unexpectedReply(value, expected: "a job body", command: command) }
                body = bytes
            default: break
            }
        }
        guard let id, let queue, let state else {
            throw DisqueError.protocol("\(command): job details without id, queue or state")
        }
        self.init(id: id, queue: queue, state: state, replication: info.replication, ttl: .seconds(info.ttl),
                  ctime: info.ctime, delay: .seconds(info.delay), retry: .seconds(info.retry), nacks: info.nacks,
                  additionalDeliveries: info.additional, nodesDelivered: delivered, nodesConfirmed: confirmed,
                  nextRequeueWithin: info.requeue.map { .milliseconds($0) }, nextAwakeWithin: info.awake.map { .milliseconds($0) },
                  body: body)
    }

    /// An integer field that the server leaves null when it does not apply.
    private static func optionalInteger(_ value: RESPValue, _ command: String) throws(DisqueError) -> Int64? {
        if case .nullBulk = value { return nil }
        return Int64(try value.integer(for: command))
    }

    private static func nodeList(_ value: RESPValue, _ command: String) throws(DisqueError) -> [String] {
        if case .nullArray = value { return [] }
        var nodes: [String] = []
        for item in try value.elements(for: command) { nodes.append(try item.text(for: command)) }
        return nodes
    }
}

import RESP

/// A job as GETJOB and QPEEK deliver it.
public struct Job: Sendable, Hashable {
    public var queue: String
    public var id: JobID
    /// The body, byte for byte.
    public var body: [UInt8]
    /// How many times the job was negatively acknowledged (GETJOB WITHCOUNTERS only).
    public var nacks: Int?
    /// How many times it was delivered again without a NACK (WITHCOUNTERS only).
    public var additionalDeliveries: Int?

    public init(queue: String, id: JobID, body: [UInt8], nacks: Int? = nil, additionalDeliveries: Int? = nil) {
        self.queue = queue
        self.id = id
        self.body = body
        self.nacks = nacks
        self.additionalDeliveries = additionalDeliveries
    }

    /// The body as UTF-8 text (invalid bytes repaired).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

extension Job {
    /// `[queue, id, body (, "nacks", n, "additional-deliveries", m)]`.
    public init(reply: RESPValue, command: String) throws(DisqueError) {
        let items = try reply.elements(for: command)
        guard items.count >= 3, items.count % 2 == 1 else {
            throw DisqueError.protocol("\(command): a job entry has \(items.count) elements")
        }
        guard let body = items[2].bytes, case .bulk = items[2] else {
            throw unexpectedReply(items[2], expected: "a job body", command: command)
        }
        self.init(queue: try items[0].text(for: command), id: try JobID(reply: items[1], command: command), body: body)
        var index = 3
        while index + 1 < items.count {
            switch try items[index].text(for: command) {
            case "nacks": nacks = try items[index + 1].integer(for: command)
            case "additional-deliveries": additionalDeliveries = try items[index + 1].integer(for: command)
            default: break  // counters a later server adds are ignored, not fatal
            }
            index += 2
        }
    }

    /// A GETJOB/QPEEK reply: an array of jobs, or a null array for none.
    public static func list(from reply: RESPValue, command: String) throws(DisqueError) -> [Job] {
        if case .nullArray = reply { return [] }
        var jobs: [Job] = []
        for entry in try reply.elements(for: command) { jobs.append(try Job(reply: entry, command: command)) }
        return jobs
    }
}

import RESP

/// What QSTAT tells about a queue.
public struct QueueStats: Sendable, Hashable {
    /// "name"
    public var name: String
    /// "len": jobs queued now.
    public var length: Int
    /// "age": time since the queue was created (whole seconds).
    public var age: Duration
    /// "idle": time since the queue was last used (whole seconds).
    public var idle: Duration
    /// "blocked": clients waiting in GETJOB on it.
    public var blocked: Int
    /// "import-from": nodes this node is importing jobs from.
    public var importFrom: [String]
    /// "import-rate": jobs per second imported.
    public var importRate: Int
    /// "jobs-in" / "jobs-out": totals since creation.
    public var jobsIn: Int
    public var jobsOut: Int
    /// "pause": "none", "in", "out" or "all".
    public var pause: String
}

extension QueueStats {
    public init(reply: RESPValue, command: String) throws(DisqueError) {
        self.init(name: "", length: 0, age: .zero, idle: .zero, blocked: 0, importFrom: [], importRate: 0,
                  jobsIn: 0, jobsOut: 0, pause: "none")
        var sawName = false
        for (key, value) in try reply.fields(for: command) {
            switch key {
            case "name": name = try value.text(for: command); sawName = true
            case "len": length = try value.integer(for: command)
            case "age": age = .seconds(try value.integer(for: command))
            case "idle": idle = .seconds(try value.integer(for: command))
            case "blocked": blocked = try value.integer(for: command)
            case "import-from":
                var nodes: [String] = []
                for item in try value.elements(for: command) { nodes.append(try item.text(for: command)) }
                importFrom = nodes
            case "import-rate": importRate = try value.integer(for: command)
            case "jobs-in": jobsIn = try value.integer(for: command)
            case "jobs-out": jobsOut = try value.integer(for: command)
            case "pause": pause = try value.text(for: command)
            default: break
            }
        }
        guard sawName else { throw DisqueError.protocol("\(command): queue statistics without a name") }
    }
}

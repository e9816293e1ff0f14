/// INFO's text as data: "# Name" lines open a section, "key:value" lines
/// fill it, in the order the server wrote them (CLUSTER INFO has no section
/// line: its fields land in a section named "").
public struct InfoReport: Sendable, Hashable {
    public struct Section: Sendable, Hashable {
        /// Lower-cased, as `INFO <section>` takes it: "server", "jobs"…
        public var name: String
        public var fields: [(key: String, value: String)]

        public static func == (a: Section, b: Section) -> Bool {
            a.name == b.name && a.fields.elementsEqual(b.fields) { $0 == $1 }
        }
        public func hash(into hasher: inout Hasher) {
            hasher.combine(name)
            for field in fields { hasher.combine(field.key); hasher.combine(field.value) }
        }
    }

    public var sections: [Section]

    public init(parsing text: String) {
        sections = []
        for rawLine in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine[...]
            if line.isEmpty { continue }
            if line.hasPrefix("#") {
                let name = line.dropFirst().drop { $0 == " " }.lowercased()
                sections.append(Section(name: name, fields: []))
            } else if let colon = line.firstIndex(of: ":") {
                if sections.isEmpty { sections.append(Section(name: "", fields: [])) }
                sections[sections.count - 1].fields.append(
                    (String(line[..<colon]), String(line[line.index(after: colon)...])))
            }
        }
    }

    /// Section name → field → value.
    public var dictionary: [String: [String: String]] {
        var result: [String: [String: String]] = [:]
        for section in sections {
            for field in section.fields { result[section.name, default: [:]][field.key] = field.value }
            if section.fields.isEmpty { result[section.name] = result[section.name] ?? [:] }
        }
        return result
    }
}

/// One line of CLUSTER NODES: `<id> <host:port> <flags,…> <ping-sent> <pong-received> <link-state>`.
public struct ClusterNodesLine: Sendable, Hashable {
    public var id: String
    /// "127.0.0.1:7711"; a lone node's own line reads ":7711".
    public var address: String
    public var flags: [String]
    public var pingSent: Int64
    public var pongReceived: Int64
    public var link: String

    /// The lines of a CLUSTER NODES reply; lines that do not have six fields are skipped.
    public static func parse(_ text: String) -> [ClusterNodesLine] {
        text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 6 else { return nil }
            return ClusterNodesLine(
                id: String(fields[0]), address: String(fields[1]),
                flags: fields[2].split(separator: ",").map(String.init),
                pingSent: Int64(fields[3]) ?? 0, pongReceived: Int64(fields[4]) ?? 0,
                link: String(fields[5]))
        }
    }
}

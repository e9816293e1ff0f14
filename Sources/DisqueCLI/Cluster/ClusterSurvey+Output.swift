import Disque

/// The views as aligned text (a terminal, and anywhere without --json) or as
/// one JSON value.
extension ClusterSurvey {
    static func renderNodes(_ rows: [NodeRow], json: Bool) -> String {
        if json {
            let items = rows.map { row in
                var fields: [(String, String)] = [
                    ("node", quoted(row.node.endpoint.description)), ("id", quoted(row.node.id)),
                    ("state", quoted(row.state.rawValue)), ("priority", "\(row.node.priority)"),
                    ("current", row.isCurrent ? "true" : "false"),
                ]
                if let figures = row.figures {
                    fields += [("jobs", "\(figures.jobs)"), ("queues", "\(figures.queues)"),
                               ("clients", "\(figures.clients)"), ("memory", quoted(figures.memory))]
                }
                if let problem = row.problem { fields.append(("error", quoted(problem))) }
                return object(fields)
            }
            return "[" + items.joined(separator: ",") + "]\n"
        }
        var table = [["", "node", "id", "state", "priority", "jobs", "queues", "clients", "memory"]]
        for row in rows {
            let figures = row.figures.map { ["\($0.jobs)", "\($0.queues)", "\($0.clients)", $0.memory] }
                ?? ["-", "-", "-", "-"]
            table.append([row.isCurrent ? "*" : "", row.node.endpoint.description, row.node.prefix,
                          row.state.rawValue, "\(row.node.priority)"] + figures)
        }
        var text = aligned(table)
        for row in rows where row.problem != nil {
            text += "\(row.node.endpoint): \(row.problem ?? "")\n"
        }
        return text
    }

    static func renderQueue(_ queue: String, _ rows: [QueueRow], json: Bool) -> String {
        let answered = rows.filter { $0.length != nil }
        let total = (length: answered.reduce(0) { $0 + ($1.length ?? 0) },
                     blocked: answered.reduce(0) { $0 + ($1.stats?.blocked ?? 0) },
                     jobsIn: answered.reduce(0) { $0 + ($1.stats?.jobsIn ?? 0) },
                     jobsOut: answered.reduce(0) { $0 + ($1.stats?.jobsOut ?? 0) })
        if json {
            let items = rows.map { row in
                var fields: [(String, String)] = [
                    ("node", quoted(row.node.endpoint.description)), ("id", quoted(row.node.id)),
                    ("state", quoted(row.state.rawValue)),
                ]
                if let length = row.length { fields.append(("qlen", "\(length)")) }
                if let stats = row.stats {
                    fields += [("blocked", "\(stats.blocked)"), ("jobs_in", "\(stats.jobsIn)"),
                               ("jobs_out", "\(stats.jobsOut)"), ("import_rate", "\(stats.importRate)"),
                               ("age", "\(stats.age.components.seconds)"), ("idle", "\(stats.idle.components.seconds)"),
                               ("pause", quoted(stats.pause))]
                }
                if let problem = row.problem { fields.append(("error", quoted(problem))) }
                return object(fields)
            }
            let sum = object([("qlen", "\(total.length)"), ("blocked", "\(total.blocked)"),
                              ("jobs_in", "\(total.jobsIn)"), ("jobs_out", "\(total.jobsOut)"),
                              ("nodes_answered", "\(answered.count)")])
            return object([("queue", quoted(queue)), ("nodes", "[" + items.joined(separator: ",") + "]"),
                           ("total", sum)]) + "\n"
        }
        var table = [["node", "state", "qlen", "blocked", "jobs-in", "jobs-out", "import-rate", "pause"]]
        for row in rows {
            let stats = row.stats.map { ["\($0.blocked)", "\($0.jobsIn)", "\($0.jobsOut)", "\($0.importRate)", $0.pause] }
                ?? (row.length == nil ? ["-", "-", "-", "-", "-"] : ["0", "0", "0", "0", "none"])
            table.append([row.node.endpoint.description, row.state.rawValue, row.length.map { "\($0)" } ?? "-"] + stats)
        }
        table.append(["total", "\(answered.count)/\(rows.count) nodes", "\(total.length)", "\(total.blocked)",
                      "\(total.jobsIn)", "\(total.jobsOut)", "", ""])
        var text = "queue \(queue)\n" + aligned(table)
        for row in rows where row.problem != nil {
            text += "\(row.node.endpoint): \(row.problem ?? "")\n"
        }
        return text
    }

    /// Columns padded to their widest cell, two blanks apart, no trailing blanks.
    static func aligned(_ rows: [[String]]) -> String {
        let widths = (0..<(rows.map(\.count).max() ?? 0)).map { column in
            rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0
        }
        var text = ""
        for row in rows {
            var line = ""
            for (column, cell) in row.enumerated() {
                line += cell
                if column < row.count - 1 {
                    line += String(repeating: " ", count: widths[column] - cell.count + (widths[column] == 0 ? 0 : 2))
                }
            }
            while line.last == " " { line.removeLast() }
            text += line + "\n"
        }
        return text
    }

    private static func object(_ fields: [(String, String)]) -> String {
        "{" + fields.map { quoted($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }

    private static func quoted(_ text: String) -> String {
        var out: [UInt8] = []
        ReplyFormatter(style: .json).appendJSONBytes(Array(text.utf8), into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}

import Disque
import RESP

/// redis-cli's terminal style, and readable layouts by reply shape.
extension ReplyFormatter {
    func appendPretty(_ value: RESPValue, shape: ReplyShape?, into out: inout [UInt8]) {
        if case .error = value { return appendGeneric(value, prefix: [], into: &out) }
        switch shape {
        case .jobID?:
            if case .status(let id) = value {
                // A status reply, shown bare as redis-cli shows status replies (only bulk strings are quoted).
                paint(TerminalColor.yellow, into: &out) { $0.append(contentsOf: id.utf8) }
                out.append(10)
                return
            }
        case .text?, .info?, .clusterNodes?:
            // Shown as the server wrote it: the text is already laid out for people.
            if case .bulk(let text) = value {
                appendText(text, into: &out)
                return
            }
        default:
            switch ReplyModel(value, shape: shape) {
            case .jobs(let jobs)? where !jobs.isEmpty:
                return appendJobs(jobs, into: &out)
            case .record(let pairs)?:
                return appendRecord(pairs.map { ($0.key, Self.inlineValue($0.value)) }, indent: 0, into: &out)
            case .hello(let hello)?:
                return appendHello(hello, into: &out)
            case .scan(let page)?:
                return appendScan(page, into: &out)
            default:
                break
            }
        }
        appendGeneric(value, prefix: [], into: &out)
    }

    // MARK: - Generic (redis-cli's cliFormatReplyTTY)

    /// `prefix` is the indentation of nested array elements after the first.
    func appendGeneric(_ value: RESPValue, prefix: [UInt8], into out: inout [UInt8]) {
        switch value {
        case .error(let message):
            paint(TerminalColor.red, into: &out) { $0.append(contentsOf: Array("(error) ".utf8) + Array(message.utf8)) }
            out.append(10)
        case .status(let text):
            out.append(contentsOf: text.utf8)
            out.append(10)
        case .integer(let number):
            out.append(contentsOf: Array("(integer) ".utf8))
            RESPEncoder.appendDecimal(number, into: &out)
            out.append(10)
        case .bulk(let bytes):
            ByteEscaping.appendQuoted(bytes, into: &out)
            out.append(10)
        case .nullBulk, .nullArray:
            out.append(contentsOf: Array("(nil)\n".utf8))
        case .array(let items):
            guard !items.isEmpty else {
                out.append(contentsOf: Array("(empty array)\n".utf8))
                return
            }
            let width = String(items.count).utf8.count
            let nested = prefix + [UInt8](repeating: 0x20, count: width + 2)
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(contentsOf: prefix) }
                appendIndex(index + 1, width: width, into: &out)
                appendGeneric(item, prefix: nested, into: &out)
            }
        }
    }

    /// `" 3) "`: the number right-aligned in `width` columns.
    private func appendIndex(_ number: Int, width: Int, into out: inout [UInt8]) {
        let digits = Array(String(number).utf8)
        out.append(contentsOf: [UInt8](repeating: 0x20, count: max(0, width - digits.count)))
        out.append(contentsOf: digits)
        out.append(contentsOf: [0x29, 0x20])
    }

    // MARK: - Shapes

    /// GETJOB / QPEEK: each job as an aligned block (queue, id, body, counters).
    private func appendJobs(_ jobs: [Job], into out: inout [UInt8]) {
        let width = String(jobs.count).utf8.count
        for (index, job) in jobs.enumerated() {
            var record: [(String, [UInt8])] = [
                ("queue", word(Array(job.queue.utf8))),
                ("id", painted(TerminalColor.yellow, Array(job.id.rawValue.utf8))),
                ("body", quotedBytes(job.body)),
            ]
            // WITHCOUNTERS, under the server's names for them.
            if let nacks = job.nacks { record.append(("nacks", Array(String(nacks).utf8))) }
            if let more = job.additionalDeliveries { record.append(("additional-deliveries", Array(String(more).utf8))) }
            appendIndex(index + 1, width: width, into: &out)
            appendRecord(record, indent: width + 2, firstLineIndented: false, into: &out)
        }
    }

    /// HELLO: the protocol version, this node, and a table of known nodes.
    private func appendHello(_ hello: Hello, into out: inout [UInt8]) {
        var rows: [[[UInt8]]] = [[Array("NODE ID".utf8), Array("HOST".utf8), Array("PORT".utf8),
                                  Array("PRIORITY".utf8), []]]
        for node in hello.nodes {
            rows.append([Array(node.id.utf8), node.host.isEmpty ? [0x2D] : Array(node.host.utf8),
                         Array(String(node.port).utf8), Array(String(node.priority).utf8),
                         node.id == hello.myID ? Array("(this node)".utf8) : []])
        }
        out.append(contentsOf: Array("HELLO version ".utf8))
        RESPEncoder.appendDecimal(Int64(hello.version), into: &out)
        out.append(contentsOf: Array(", this node ".utf8))
        out.append(contentsOf: painted(TerminalColor.yellow, Array(hello.myID.utf8)))
        out.append(10)
        let widths = (0..<4).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for (rowIndex, row) in rows.enumerated() {
            var line: [UInt8] = []
            for column in 0..<5 {
                let cell = row[column]
                if column == 4 {
                    line.append(contentsOf: cell)
                    continue
                }
                if rowIndex == 0 {
                    paint(TerminalColor.bold, into: &line) { $0.append(contentsOf: cell) }
                } else {
                    line.append(contentsOf: cell)
                }
                line.append(contentsOf: [UInt8](repeating: 0x20, count: widths[column] - cell.count + 2))
            }
            while line.last == 0x20 { line.removeLast() }
            out.append(contentsOf: line)
            out.append(10)
        }
    }

    /// QSCAN / JSCAN: the cursor, then the items (JSCAN REPLY ALL items as records).
    private func appendScan(_ page: ScanPage<RESPValue>, into out: inout [UInt8]) {
        paint(TerminalColor.cyan, into: &out) { $0.append(contentsOf: Array("cursor:".utf8)) }
        out.append(0x20)
        out.append(contentsOf: Array(page.cursor.utf8))
        out.append(10)
        guard !page.items.isEmpty else {
            out.append(contentsOf: Array("(empty)\n".utf8))
            return
        }
        let width = String(page.items.count).utf8.count
        for (index, item) in page.items.enumerated() {
            appendIndex(index + 1, width: width, into: &out)
            if let pairs = Self.pairs(item) {
                appendRecord(pairs, indent: width + 2, firstLineIndented: false, into: &out)
            } else if let bytes = item.bytes {
                out.append(contentsOf: word(bytes))
                out.append(10)
            } else {
                appendGeneric(item, prefix: [UInt8](repeating: 0x20, count: width + 2), into: &out)
            }
        }
    }

    /// INFO / CLUSTER NODES: the text itself, CRLF turned into LF.
    private func appendText(_ text: [UInt8], into out: inout [UInt8]) {
        var index = 0
        while index < text.count {
            if text[index] == 13, index + 1 < text.count, text[index + 1] == 10 {
                index += 1
                continue
            }
            out.append(text[index])
            index += 1
        }
        if out.last != 10 { out.append(10) }
    }

    // MARK: - Records

    /// A flat `[key, value, key, value…]` array (read by the typed API's
    /// `fields`) as pairs of key and rendered value; nil when it is not one.
    static func pairs(_ value: RESPValue) -> [(String, [UInt8])]? {
        guard case .array = value, let fields = try? value.fields(for: "reply") else { return nil }
        return fields.map { ($0.key, inlineValue($0.value)) }
    }

    /// A value on one line: words plain, other text quoted, lists comma-separated.
    static func inlineValue(_ value: RESPValue) -> [UInt8] {
        switch value {
        case .integer(let number): return Array(String(number).utf8)
        case .status(let text): return Array(text.utf8)
        case .bulk(let bytes):
            if ByteEscaping.isPlainWord(bytes) { return bytes }
            var out: [UInt8] = []
            ByteEscaping.appendQuoted(bytes, into: &out)
            return out
        case .error(let message): return Array("(error) \(message)".utf8)
        case .nullBulk, .nullArray: return Array("(nil)".utf8)
        case .array(let items):
            if items.isEmpty { return Array("(empty)".utf8) }
            var out: [UInt8] = []
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(contentsOf: [0x2C, 0x20]) }
                out.append(contentsOf: inlineValue(item))
            }
            return out
        }
    }

    /// `key: value` lines with the values aligned.
    private func appendRecord(_ pairs: [(String, [UInt8])], indent: Int, firstLineIndented: Bool = true,
                              into out: inout [UInt8]) {
        let width = pairs.map { $0.0.utf8.count }.max() ?? 0
        for (index, (key, value)) in pairs.enumerated() {
            if index > 0 || firstLineIndented {
                out.append(contentsOf: [UInt8](repeating: 0x20, count: indent))
            }
            paint(TerminalColor.cyan, into: &out) { $0.append(contentsOf: Array(key.utf8)); $0.append(0x3A) }
            out.append(contentsOf: [UInt8](repeating: 0x20, count: width - key.utf8.count + 1))
            out.append(contentsOf: value)
            out.append(10)
        }
    }

    // MARK: - Helpers

    private func word(_ bytes: [UInt8]) -> [UInt8] {
        if ByteEscaping.isPlainWord(bytes) { return bytes }
        return quotedBytes(bytes)
    }

    private func quotedBytes(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        ByteEscaping.appendQuoted(bytes, into: &out)
        return out
    }

    private func painted(_ style: [UInt8], _ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        paint(style, into: &out) { $0.append(contentsOf: bytes) }
        return out
    }

    /// Runs `body` between a colour and a reset when colour is on.
    func paint(_ style: [UInt8], into out: inout [UInt8], _ body: (inout [UInt8]) -> Void) {
        if color { out.append(contentsOf: style) }
        body(&out)
        if color { out.append(contentsOf: TerminalColor.reset) }
    }
}

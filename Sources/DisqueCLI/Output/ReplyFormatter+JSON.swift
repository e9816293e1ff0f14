import Disque
import RESP

/// One JSON value per reply, typed objects for the shapes the table knows.
///
/// Strings: a status or a bulk that is valid UTF-8 is a JSON string; a bulk
/// that is not becomes `{"base64": "…"}` so no byte is lost. Errors are
/// `{"error": "…"}`; nil is `null`.
extension ReplyFormatter {
    func appendJSON(_ value: RESPValue, shape: ReplyShape?, into out: inout [UInt8]) {
        switch ReplyModel(value, shape: shape) {
        case .jobs(let jobs)?: appendJSONJobs(jobs, into: &out)
        case .record(let pairs)?: appendJSONObject(pairs, into: &out)
        case .hello(let hello)?: appendJSONHello(hello, into: &out)
        case .info(let report)?: appendJSONInfo(report, into: &out)
        case .clusterNodes(let lines)?: appendJSONClusterNodes(lines, into: &out)
        case .scan(let page)?: appendJSONScan(page, into: &out)
        case nil: appendJSONGeneric(value, into: &out)
        }
    }

    /// Any reply, by its RESP kind.
    func appendJSONGeneric(_ value: RESPValue, into out: inout [UInt8]) {
        switch value {
        case .status(let text):
            ByteEscaping.appendJSONString(text.utf8, into: &out)
        case .error(let text):
            out.append(contentsOf: Array(#"{"error":"#.utf8))
            ByteEscaping.appendJSONString(text.utf8, into: &out)
            out.append(0x7D)
        case .integer(let number):
            RESPEncoder.appendDecimal(number, into: &out)
        case .bulk(let bytes):
            appendJSONBytes(bytes, into: &out)
        case .nullBulk, .nullArray:
            out.append(contentsOf: Array("null".utf8))
        case .array(let items):
            out.append(0x5B)
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(0x2C) }
                appendJSONGeneric(item, into: &out)
            }
            out.append(0x5D)
        }
    }

    /// A field of a flat JSON object: text or a number.
    enum FlatField { case text(String), number(Int64) }

    /// `{"key":value,…}` of text and numbers, in the given order.
    func appendJSONFlatObject(_ fields: [(String, FlatField)], into out: inout [UInt8]) {
        out.append(0x7B)
        for (index, (key, value)) in fields.enumerated() {
            if index > 0 { out.append(0x2C) }
            ByteEscaping.appendJSONString(key.utf8, into: &out)
            out.append(0x3A)
            switch value {
            case .text(let text): ByteEscaping.appendJSONString(text.utf8, into: &out)
            case .number(let number): RESPEncoder.appendDecimal(number, into: &out)
            }
        }
        out.append(0x7D)
    }

    /// A string when the bytes are UTF-8, otherwise `{"base64":"…"}`.
    func appendJSONBytes(_ bytes: [UInt8], into out: inout [UInt8]) {
        if ByteEscaping.isValidUTF8(bytes) {
            ByteEscaping.appendJSONString(bytes, into: &out)
        } else {
            out.append(contentsOf: Array(#"{"base64":""#.utf8))
            ByteEscaping.appendBase64(bytes, into: &out)
            out.append(contentsOf: [0x22, 0x7D])
        }
    }

    /// GETJOB / QPEEK: `[{"queue","id","body"(,"nacks","additional-deliveries")}]`;
    /// no jobs (a timed-out GETJOB's null array included) is `[]`.
    private func appendJSONJobs(_ jobs: [Job], into out: inout [UInt8]) {
        out.append(0x5B)
        for (index, job) in jobs.enumerated() {
            if index > 0 { out.append(0x2C) }
            out.append(contentsOf: Array(#"{"queue":"#.utf8))
            ByteEscaping.appendJSONString(job.queue.utf8, into: &out)
            out.append(contentsOf: Array(#","id":"#.utf8))
            ByteEscaping.appendJSONString(job.id.rawValue.utf8, into: &out)
            out.append(contentsOf: Array(#","body":"#.utf8))
            appendJSONBytes(job.body, into: &out)
            // WITHCOUNTERS, under the server's names for them.
            for (key, count) in [("nacks", job.nacks), ("additional-deliveries", job.additionalDeliveries)] {
                guard let count else { continue }
                out.append(contentsOf: Array(",\"\(key)\":".utf8))
                RESPEncoder.appendDecimal(Int64(count), into: &out)
            }
            out.append(0x7D)
        }
        out.append(0x5D)
    }

    /// Key/value pairs as an object (SHOW, QSTAT, JSCAN REPLY ALL items).
    private func appendJSONObject(_ pairs: [(key: String, value: RESPValue)], into out: inout [UInt8]) {
        out.append(0x7B)
        for (index, pair) in pairs.enumerated() {
            if index > 0 { out.append(0x2C) }
            ByteEscaping.appendJSONString(pair.key.utf8, into: &out)
            out.append(0x3A)
            appendJSONGeneric(pair.value, into: &out)
        }
        out.append(0x7D)
    }

    /// HELLO: `{"version":1,"id":"…","nodes":[{"id","host","port","priority"}]}`,
    /// port and priority as numbers (Disque sends them as bulk strings).
    private func appendJSONHello(_ hello: Hello, into out: inout [UInt8]) {
        out.append(contentsOf: Array(#"{"version":"#.utf8))
        RESPEncoder.appendDecimal(Int64(hello.version), into: &out)
        out.append(contentsOf: Array(#","id":"#.utf8))
        ByteEscaping.appendJSONString(hello.myID.utf8, into: &out)
        out.append(contentsOf: Array(#","nodes":["#.utf8))
        for (index, node) in hello.nodes.enumerated() {
            if index > 0 { out.append(0x2C) }
            appendJSONFlatObject([("id", .text(node.id)), ("host", .text(node.host)),
                                  ("port", .number(Int64(node.port))), ("priority", .number(Int64(node.priority)))],
                                 into: &out)
        }
        out.append(contentsOf: [0x5D, 0x7D])
    }

    /// QSCAN / JSCAN: `{"cursor":"…","items":[…]}`; JSCAN REPLY ALL items are objects.
    private func appendJSONScan(_ page: ScanPage<RESPValue>, into out: inout [UInt8]) {
        out.append(contentsOf: Array(#"{"cursor":"#.utf8))
        ByteEscaping.appendJSONString(page.cursor.utf8, into: &out)
        out.append(contentsOf: Array(#","items":["#.utf8))
        for (index, item) in page.items.enumerated() {
            if index > 0 { out.append(0x2C) }
            if case .array = item, let pairs = try? item.fields(for: "JSCAN") {
                appendJSONObject(pairs, into: &out)
            } else {
                appendJSONGeneric(item, into: &out)
            }
        }
        out.append(contentsOf: [0x5D, 0x7D])
    }
}

extension ReplyFormatter {
    /// INFO as `{"server":{"disque_version":"1.0-rc1",…},…}`, in the server's order.
    /// Values stay strings: INFO does not say which are numbers.
    func appendJSONInfo(_ report: InfoReport, into out: inout [UInt8]) {
        out.append(0x7B)
        for (index, section) in report.sections.enumerated() {
            if index > 0 { out.append(0x2C) }
            ByteEscaping.appendJSONString(section.name.utf8, into: &out)
            out.append(contentsOf: [0x3A, 0x7B])
            for (fieldIndex, field) in section.fields.enumerated() {
                if fieldIndex > 0 { out.append(0x2C) }
                ByteEscaping.appendJSONString(field.key.utf8, into: &out)
                out.append(0x3A)
                ByteEscaping.appendJSONString(field.value.utf8, into: &out)
            }
            out.append(0x7D)
        }
        out.append(0x7D)
    }

    /// CLUSTER NODES as an array of `{"id":…,"address":…,"flags":[…],"ping_sent":…,"pong_received":…,"link":…}`.
    func appendJSONClusterNodes(_ lines: [ClusterNodesLine], into out: inout [UInt8]) {
        out.append(0x5B)
        for (index, line) in lines.enumerated() {
            if index > 0 { out.append(0x2C) }
            out.append(contentsOf: Array(#"{"id":"#.utf8))
            ByteEscaping.appendJSONString(line.id.utf8, into: &out)
            out.append(contentsOf: Array(#","address":"#.utf8))
            ByteEscaping.appendJSONString(line.address.utf8, into: &out)
            out.append(contentsOf: Array(#","flags":["#.utf8))
            for (flagIndex, flag) in line.flags.enumerated() {
                if flagIndex > 0 { out.append(0x2C) }
                ByteEscaping.appendJSONString(flag.utf8, into: &out)
            }
            out.append(contentsOf: Array(#"],"ping_sent":"#.utf8))
            RESPEncoder.appendDecimal(line.pingSent, into: &out)
            out.append(contentsOf: Array(#","pong_received":"#.utf8))
            RESPEncoder.appendDecimal(line.pongReceived, into: &out)
            out.append(contentsOf: Array(#","link":"#.utf8))
            ByteEscaping.appendJSONString(line.link.utf8, into: &out)
            out.append(0x7D)
        }
        out.append(0x5D)
    }
}

import Disque
import RESP

/// One JSON value per reply, typed objects for the shapes the table knows.
///
/// Strings: a status or a bulk that is valid UTF-8 is a JSON string; a bulk
/// that is not becomes `{"base64": "…"}` so no byte is lost. Errors are
/// `{"error": "…"}`; nil is `null`.
extension ReplyFormatter {
    func appendJSON(_ value: RESPValue, shape: ReplyShape?, into out: inout [UInt8]) {
        if case .error = value { return appendJSONGeneric(value, into: &out) }
        switch shape {
        case .jobs?:
            if appendJSONJobs(value, into: &out) { return }
        case .jobDetails?, .queueStats?:
            if case .array(let items) = value, appendJSONObject(items, into: &out) { return }
        case .hello?:
            if appendJSONHello(value, into: &out) { return }
        case .info?:
            if case .bulk(let bytes) = value, ByteEscaping.isValidUTF8(bytes) {
                return appendJSONInfo(InfoReport(parsing: String(decoding: bytes, as: UTF8.self)), into: &out)
            }
        case .clusterNodes?:
            if case .bulk(let bytes) = value, ByteEscaping.isValidUTF8(bytes) {
                return appendJSONClusterNodes(ClusterNodesLine.parse(String(decoding: bytes, as: UTF8.self)), into: &out)
            }
        case .queueScan?, .jobScan?:
            if case .array(let parts) = value, parts.count == 2, let cursor = parts[0].string,
               case .array(let items) = parts[1] {
                out.append(contentsOf: Array(#"{"cursor":"#.utf8))
                ByteEscaping.appendJSONString(cursor.utf8, into: &out)
                out.append(contentsOf: Array(#","items":["#.utf8))
                for (index, item) in items.enumerated() {
                    if index > 0 { out.append(0x2C) }
                    // JSCAN REPLY ALL items are key/value arrays: objects.
                    if case .array(let fields) = item {
                        var object: [UInt8] = []
                        if appendJSONObject(fields, into: &object) {
                            out.append(contentsOf: object)
                            continue
                        }
                    }
                    appendJSONGeneric(item, into: &out)
                }
                out.append(contentsOf: [0x5D, 0x7D])
                return
            }
        default:
            break
        }
        appendJSONGeneric(value, into: &out)
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
    private func appendJSONJobs(_ value: RESPValue, into out: inout [UInt8]) -> Bool {
        let jobs: [RESPValue]
        switch value {
        case .array(let items): jobs = items
        case .nullArray: jobs = []
        default: return false
        }
        var body: [UInt8] = [0x5B]
        for (index, job) in jobs.enumerated() {
            guard case .array(let fields) = job, fields.count >= 3, fields.count % 2 == 1,
                  let queue = fields[0].bytes, let id = fields[1].bytes, let payload = fields[2].bytes
            else { return false }
            if index > 0 { body.append(0x2C) }
            body.append(contentsOf: Array(#"{"queue":"#.utf8))
            appendJSONBytes(queue, into: &body)
            body.append(contentsOf: Array(#","id":"#.utf8))
            appendJSONBytes(id, into: &body)
            body.append(contentsOf: Array(#","body":"#.utf8))
            appendJSONBytes(payload, into: &body)
            var i = 3
            while i + 1 < fields.count {
                guard let key = fields[i].string else { return false }
                body.append(0x2C)
                ByteEscaping.appendJSONString(key.utf8, into: &body)
                body.append(0x3A)
                appendJSONGeneric(fields[i + 1], into: &body)
                i += 2
            }
            body.append(0x7D)
        }
        body.append(0x5D)
        out.append(contentsOf: body)
        return true
    }

    /// A flat key/value array as an object (SHOW, QSTAT, JSCAN REPLY ALL items).
    private func appendJSONObject(_ items: [RESPValue], into out: inout [UInt8]) -> Bool {
        guard items.count % 2 == 0 else { return false }
        var object: [UInt8] = [0x7B]
        var index = 0
        while index < items.count {
            guard let key = items[index].string else { return false }
            if index > 0 { object.append(0x2C) }
            ByteEscaping.appendJSONString(key.utf8, into: &object)
            object.append(0x3A)
            appendJSONGeneric(items[index + 1], into: &object)
            index += 2
        }
        object.append(0x7D)
        out.append(contentsOf: object)
        return true
    }

    /// HELLO: `{"version":1,"id":"…","nodes":[{"id","host","port","priority"}]}`,
    /// port and priority as numbers (Disque sends them as bulk strings).
    private func appendJSONHello(_ value: RESPValue, into out: inout [UInt8]) -> Bool {
        guard case .array(let items) = value, items.count >= 2,
              let version = items[0].int, let myID = items[1].bytes else { return false }
        var object: [UInt8] = Array(#"{"version":"#.utf8)
        RESPEncoder.appendDecimal(version, into: &object)
        object.append(contentsOf: Array(#","id":"#.utf8))
        appendJSONBytes(myID, into: &object)
        object.append(contentsOf: Array(#","nodes":["#.utf8))
        for (index, node) in items.dropFirst(2).enumerated() {
            guard case .array(let fields) = node, fields.count >= 4,
                  let id = fields[0].bytes, let host = fields[1].bytes else { return false }
            if index > 0 { object.append(0x2C) }
            object.append(contentsOf: Array(#"{"id":"#.utf8))
            appendJSONBytes(id, into: &object)
            object.append(contentsOf: Array(#","host":"#.utf8))
            appendJSONBytes(host, into: &object)
            for (name, field) in [("port", fields[2]), ("priority", fields[3])] {
                object.append(contentsOf: Array(",\"\(name)\":".utf8))
                if let number = field.int {
                    RESPEncoder.appendDecimal(number, into: &object)
                } else {
                    appendJSONGeneric(field, into: &object)
                }
            }
            object.append(0x7D)
        }
        object.append(contentsOf: [0x5D, 0x7D])
        out.append(contentsOf: object)
        return true
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

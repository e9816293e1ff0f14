import Disque

/// The export format: one JSON object a line, one job each —
/// `{"queue","id","body","state","ttl","retry","delay","replicate","nacks","additional-deliveries"}`.
/// The body is a JSON string when it is UTF-8 (every byte kept: NUL is \u0000,
/// CR/LF \r\n), else `{"base64":"…"}`; times are whole seconds, TTL is what is left.
struct JobJSONLine: Equatable {
    var queue: String
    var id: String
    var body: [UInt8]
    var state: String
    var ttl: Int64
    var retry: Int64
    var delay: Int64
    var replicate: Int64
    var nacks: Int64
    var additionalDeliveries: Int64

    init(_ info: JobInfo) {
        queue = info.queue
        id = info.id.rawValue
        body = info.body
        state = info.state.name
        ttl = info.ttl.components.seconds
        retry = info.retry.components.seconds
        delay = info.delay.components.seconds
        replicate = Int64(info.replication)
        nacks = Int64(info.nacks)
        additionalDeliveries = Int64(info.additionalDeliveries)
    }

    func append(into out: inout [UInt8]) {
        var first = true
        func key(_ name: String) {
            out.append(first ? 0x7B : 0x2C)
            first = false
            ByteEscaping.appendJSONString(name.utf8, into: &out)
            out.append(0x3A)
        }
        func number(_ name: String, _ value: Int64) {
            key(name)
            out.append(contentsOf: Array(String(value).utf8))
        }
        key("queue"); ByteEscaping.appendJSONString(queue.utf8, into: &out)
        key("id"); ByteEscaping.appendJSONString(id.utf8, into: &out)
        key("body")
        if ByteEscaping.isValidUTF8(body) {
            ByteEscaping.appendJSONString(body, into: &out)
        } else {
            out.append(contentsOf: Array(#"{"base64":""#.utf8))
            ByteEscaping.appendBase64(body, into: &out)
            out.append(contentsOf: [0x22, 0x7D])
        }
        key("state"); ByteEscaping.appendJSONString(state.utf8, into: &out)
        number("ttl", ttl)
        number("retry", retry)
        number("delay", delay)
        number("replicate", replicate)
        number("nacks", nacks)
        number("additional-deliveries", additionalDeliveries)
        out.append(contentsOf: [0x7D, 0x0A])
    }

    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    /// Reads one line as `append` writes it (keys in any order; unknown keys,
    /// and missing counters, are fine; queue and body are required).
    init(parsing line: ArraySlice<UInt8>) throws(Malformed) {
        var reader = FlatJSONReader(bytes: line)
        let fields = try reader.object()
        func text(_ name: String) -> String? {
            if case .text(let bytes)? = fields[name] { return String(decoding: bytes, as: UTF8.self) }
            return nil
        }
        func number(_ name: String) -> Int64 {
            if case .number(let value)? = fields[name] { return value }
            return 0
        }
        guard let queue = text("queue") else { throw Malformed(description: "no \"queue\"") }
        switch fields["body"] {
        case .text(let bytes)?: body = bytes
        case .base64(let bytes)?: body = bytes
        default: throw Malformed(description: "no \"body\" (a string, or {\"base64\": …})")
        }
        self.queue = queue
        id = text("id") ?? ""
        state = text("state") ?? "queued"
        ttl = number("ttl"); retry = number("retry"); delay = number("delay")
        replicate = number("replicate"); nacks = number("nacks")
        additionalDeliveries = number("additional-deliveries")
    }

    /// ADDJOB with the exported options. Disque refuses TTL 0 and a DELAY not
    /// below the TTL, so what is left of a job is kept within those rules.
    var addJobArguments: [[UInt8]] {
        let ttlLeft = max(1, ttl)
        var words: [[UInt8]] = [Array("ADDJOB".utf8), Array(queue.utf8), body, Array("0".utf8)]
        func option(_ name: String, _ value: Int64) {
            words.append(Array(name.utf8))
            words.append(Array(String(value).utf8))
        }
        if replicate > 0 { option("REPLICATE", replicate) }
        if delay > 0, delay < ttlLeft { option("DELAY", delay) }
        option("RETRY", min(retry, ttlLeft))
        option("TTL", ttlLeft)
        return words
    }
}

/// Just enough JSON for one flat object: strings (with every escape), integers,
/// and the `{"base64": …}` body wrapper.
struct FlatJSONReader {
    enum Value { case text([UInt8]), number(Int64), base64([UInt8]), other }

    let bytes: ArraySlice<UInt8>
    var offset: Int

    init(bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        offset = bytes.startIndex
    }

    private func fail(_ what: String) -> JobJSONLine.Malformed {
        JobJSONLine.Malformed(description: "\(what) at byte \(offset - bytes.startIndex + 1)")
    }

    mutating func blanks() {
        while offset < bytes.endIndex, [0x20, 0x09, 0x0D, 0x0A].contains(bytes[offset]) { offset += 1 }
    }

    mutating func expect(_ byte: UInt8) throws(JobJSONLine.Malformed) {
        blanks()
        guard offset < bytes.endIndex, bytes[offset] == byte else {
            throw fail("expected '\(Character(Unicode.Scalar(byte)))'")
        }
        offset += 1
    }

    mutating func object() throws(JobJSONLine.Malformed) -> [String: Value] {
        try expect(0x7B)
        var fields: [String: Value] = [:]
        blanks()
        if offset < bytes.endIndex, bytes[offset] == 0x7D { offset += 1; return fields }
        while true {
            blanks()
            let name = String(decoding: try string(), as: UTF8.self)
            try expect(0x3A)
            fields[name] = try value()
            blanks()
            guard offset < bytes.endIndex else { throw fail("unfinished object") }
            offset += 1
            if bytes[offset - 1] == 0x7D { return fields }
            guard bytes[offset - 1] == 0x2C else { throw fail("expected ',' or '}'") }
        }
    }

    mutating func value() throws(JobJSONLine.Malformed) -> Value {
        blanks()
        guard offset < bytes.endIndex else { throw fail("missing value") }
        switch bytes[offset] {
        case 0x22: return .text(try string())
        case 0x7B:
            let inner = try object()
            guard case .text(let encoded)? = inner["base64"], let decoded = Base64.decode(encoded) else {
                return .other
            }
            return .base64(decoded)
        case 0x2D, 0x30...0x39:
            let start = offset
            offset += 1
            while offset < bytes.endIndex, (0x30...0x39).contains(bytes[offset]) { offset += 1 }
            guard let number = Int64(String(decoding: bytes[start..<offset], as: UTF8.self)) else {
                throw fail("bad number")
            }
            return .number(number)
        default:
            for word in ["null", "true", "false"] where bytes[offset...].starts(with: word.utf8) {
                offset += word.utf8.count
                return .other
            }
            throw fail("unexpected character")
        }
    }

    mutating func string() throws(JobJSONLine.Malformed) -> [UInt8] {
        try expect(0x22)
        var out: [UInt8] = []
        while offset < bytes.endIndex {
            let byte = bytes[offset]
            offset += 1
            if byte == 0x22 { return out }
            guard byte == 0x5C else { out.append(byte); continue }
            guard offset < bytes.endIndex else { break }
            let escape = bytes[offset]
            offset += 1
            switch escape {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar), bytes[offset...].starts(with: [0x5C, UInt8(ascii: "u")]) {
                    offset += 2
                    let low = try hex4()
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let value = Unicode.Scalar(scalar) else { throw fail("bad \\u escape") }
                out.append(contentsOf: Array(String(Character(value)).utf8))
            default: out.append(escape)  // \" \\ \/
            }
        }
        throw fail("unfinished string")
    }

    mutating func hex4() throws(JobJSONLine.Malformed) -> UInt32 {
        guard offset + 4 <= bytes.endIndex, let value = UInt32(String(decoding: bytes[offset..<offset + 4], as: UTF8.self),
                                                                radix: 16) else { throw fail("bad \\u escape") }
        offset += 4
        return value
    }
}

enum Base64 {
    /// Standard alphabet, padding optional; nil on any other byte.
    static func decode(_ text: [UInt8]) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.count * 3 / 4)
        var accumulator: UInt32 = 0, bits = 0
        for byte in text {
            let value: UInt32
            switch byte {
            case 0x41...0x5A: value = UInt32(byte - 0x41)
            case 0x61...0x7A: value = UInt32(byte - 0x61 + 26)
            case 0x30...0x39: value = UInt32(byte - 0x30 + 52)
            case 0x2B: value = 62
            case 0x2F: value = 63
            case 0x3D: continue
            default: return nil
            }
            accumulator = accumulator << 6 | value
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((accumulator >> UInt32(bits)) & 0xFF))
            }
        }
        return out
    }
}

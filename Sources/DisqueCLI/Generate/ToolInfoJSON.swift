/// A small JSON reader, enough for the tool description swift-argument-parser
/// prints (`_dumpHelp()`, the JSON behind `--experimental-dump-help`). It lets
/// the man page and the completion scripts read the flags straight from the
/// root command's declarations without Foundation.
enum ToolInfoJSON: Sendable, Equatable {
    case object([(key: String, value: ToolInfoJSON)])
    case array([ToolInfoJSON])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    struct Malformed: Error, CustomStringConvertible {
        var offset: Int
        var description: String { "malformed tool-info JSON at byte \(offset)" }
    }

    static func == (lhs: ToolInfoJSON, rhs: ToolInfoJSON) -> Bool {
        switch (lhs, rhs) {
        case (.object(let a), .object(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case (.array(let a), .array(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        case (.null, .null): return true
        default: return false
        }
    }

    /// The member `key` of an object (nil for anything else or a missing key).
    subscript(key: String) -> ToolInfoJSON? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    var array: [ToolInfoJSON]? {
        if case .array(let items) = self { return items }
        return nil
    }

    var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The keys of an object, in document order.
    var keys: [String] {
        guard case .object(let members) = self else { return [] }
        return members.map(\.key)
    }

    static func parse(_ text: String) throws(Malformed) -> ToolInfoJSON {
        var reader = Reader(bytes: Array(text.utf8))
        let value = try reader.value(depth: 0)
        reader.skipBlanks()
        guard reader.offset == reader.bytes.count else { throw Malformed(offset: reader.offset) }
        return value
    }

    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        mutating func skipBlanks() {
            while offset < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[offset]) { offset += 1 }
        }

        mutating func value(depth: Int) throws(Malformed) -> ToolInfoJSON {
            skipBlanks()
            guard offset < bytes.count, depth < 64 else { throw Malformed(offset: offset) }
            switch bytes[offset] {
            case UInt8(ascii: "{"):
                offset += 1
                var members: [(key: String, value: ToolInfoJSON)] = []
                skipBlanks()
                if take(UInt8(ascii: "}")) { return .object(members) }
                repeat {
                    skipBlanks()
                    let key = try string()
                    skipBlanks()
                    try expect(UInt8(ascii: ":"))
                    members.append((key, try value(depth: depth + 1)))
                    skipBlanks()
                } while take(UInt8(ascii: ","))
                try expect(UInt8(ascii: "}"))
                return .object(members)
            case UInt8(ascii: "["):
                offset += 1
                var items: [ToolInfoJSON] = []
                skipBlanks()
                if take(UInt8(ascii: "]")) { return .array(items) }
                repeat {
                    items.append(try value(depth: depth + 1))
                    skipBlanks()
                } while take(UInt8(ascii: ","))
                try expect(UInt8(ascii: "]"))
                return .array(items)
            case UInt8(ascii: "\""):
                return .string(try string())
            case UInt8(ascii: "t"):
                try literal("true")
                return .bool(true)
            case UInt8(ascii: "f"):
                try literal("false")
                return .bool(false)
            case UInt8(ascii: "n"):
                try literal("null")
                return .null
            default:
                let start = offset
                while offset < bytes.count, "+-.0123456789eE".utf8.contains(bytes[offset]) { offset += 1 }
                guard offset > start else { throw Malformed(offset: offset) }
                return .number(String(decoding: bytes[start..<offset], as: UTF8.self))
            }
        }

        /// A string literal, escapes decoded (surrogate pairs joined).
        mutating func string() throws(Malformed) -> String {
            try expect(UInt8(ascii: "\""))
            var out: [UInt8] = []
            while offset < bytes.count {
                let byte = bytes[offset]
                offset += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return String(decoding: out, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard offset < bytes.count else { throw Malformed(offset: offset) }
                    let escape = bytes[offset]
                    offset += 1
                    switch escape {
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "u"):
                        var scalar = try hex4()
                        if (0xD800..<0xDC00).contains(scalar), take(UInt8(ascii: "\\")), take(UInt8(ascii: "u")) {
                            let low = try hex4()
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low &- 0xDC00)
                        }
                        out.append(contentsOf: String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8)
                    default: out.append(escape)  // \" \\ \/
                    }
                default:
                    out.append(byte)
                }
            }
            throw Malformed(offset: offset)
        }

        mutating func hex4() throws(Malformed) -> UInt32 {
            guard offset + 4 <= bytes.count,
                  let value = UInt32(String(decoding: bytes[offset..<offset + 4], as: UTF8.self), radix: 16)
            else { throw Malformed(offset: offset) }
            offset += 4
            return value
        }

        mutating func literal(_ word: String) throws(Malformed) {
            for byte in word.utf8 { try expect(byte) }
        }

        mutating func expect(_ byte: UInt8) throws(Malformed) {
            guard take(byte) else { throw Malformed(offset: offset) }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            guard peek(byte) else { return false }
            offset += 1
            return true
        }

        func peek(_ byte: UInt8) -> Bool { offset < bytes.count && bytes[offset] == byte }
    }
}

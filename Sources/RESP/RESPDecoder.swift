/// An incremental RESP2 reader: feed it bytes as they arrive, take complete
/// values out. A small state machine with hard limits, after hiredis' reader:
/// it consumes only whole lines and whole bulk payloads, keeps partly read
/// arrays on an explicit stack (so nesting never recurses), and never sizes
/// anything from a length header before the bytes are there.
public struct RESPDecoder: Sendable {
    public struct Limits: Sendable, Hashable {
        /// Longest bulk string accepted (Disque's own limit: 512 MiB).
        public var maxBulkLength: Int
        /// Most elements announced by one array header.
        public var maxArrayCount: Int
        /// Deepest nesting of arrays.
        public var maxDepth: Int
        /// Longest header or status/error line, CRLF excluded.
        public var maxLineLength: Int

        public init(maxBulkLength: Int = 512 * 1024 * 1024, maxArrayCount: Int = Int(UInt32.max),
                    maxDepth: Int = 32, maxLineLength: Int = 64 * 1024) {
            self.maxBulkLength = maxBulkLength
            self.maxArrayCount = maxArrayCount
            self.maxDepth = maxDepth
            self.maxLineLength = maxLineLength
        }

        public static let `default` = Limits()
    }

    public let limits: Limits
    private var buffer: [UInt8] = []
    private var readIndex = 0
    /// Arrays being filled, innermost last.
    private var stack: [(remaining: Int, items: [RESPValue])] = []
    /// Length of a bulk whose header was read but whose payload has not fully arrived.
    private var pendingBulk: Int?
    /// How many bytes of a partly arrived line were already searched for its
    /// CR, so a line fed a byte at a time is scanned once, not once per feed.
    private var lineScanned = 0

    public init(limits: Limits = .default) {
        self.limits = limits
    }

    /// Bytes received but not yet turned into a complete value.
    public var bufferedByteCount: Int { buffer.count - readIndex }

    /// True when no value is partly read.
    public var isIdle: Bool { bufferedByteCount == 0 && stack.isEmpty && pendingBulk == nil }

    /// Appends bytes read off the wire.
    public mutating func feed<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        compactIfWorthwhile()
        buffer.append(contentsOf: bytes)
    }

    /// Appends bytes from raw memory (a read(2) buffer).
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        compactIfWorthwhile()
        buffer.append(contentsOf: bytes)
    }

    /// The next complete value, or nil until more bytes arrive.
    /// After a thrown error the stream is unusable: the caller must drop the link.
    public mutating func next() throws(RESPError) -> RESPValue? {
        while true {
            guard var value = try nextToken() else { return nil }
            // Fold the value into the arrays it completes.
            while !stack.isEmpty {
                stack[stack.count - 1].items.append(value)
                stack[stack.count - 1].remaining -= 1
                guard stack[stack.count - 1].remaining == 0 else { break }
                value = .array(stack.removeLast().items)
            }
            if stack.isEmpty { return value }
        }
    }

    // MARK: - Tokens

    /// Reads one scalar or an array header (which it pushes, returning the
    /// empty array only when the array has no elements).
    private mutating func nextToken() throws(RESPError) -> RESPValue? {
        while true {
            if let length = pendingBulk {
                guard bufferedByteCount >= length + 2 else { return nil }
                let start = readIndex
                guard buffer[start + length] == 13, buffer[start + length + 1] == 10 else {
                    throw .missingCRLF
                }
                readIndex += length + 2
                pendingBulk = nil
                return .bulk(Array(buffer[start..<(start + length)]))
            }
            guard let (type, line) = try readLine() else { return nil }
            switch type {
            case UInt8(ascii: "+"):
                return .status(String(decoding: buffer[line], as: UTF8.self))
            case UInt8(ascii: "-"):
                return .error(String(decoding: buffer[line], as: UTF8.self))
            case UInt8(ascii: ":"):
                return .integer(try parseInteger(line))
            case UInt8(ascii: "$"):
                let length = try parseInteger(line)
                if length == -1 { return .nullBulk }
                guard length >= 0 else { throw .invalidLength(length) }
                guard length <= limits.maxBulkLength else { throw .bulkTooLong(length) }
                pendingBulk = Int(length)
                continue
            case UInt8(ascii: "*"):
                let count = try parseInteger(line)
                if count == -1 { return .nullArray }
                guard count >= 0 else { throw .invalidLength(count) }
                guard count <= limits.maxArrayCount else { throw .arrayTooLong(count) }
                if count == 0 { return .array([]) }
                guard stack.count < limits.maxDepth else { throw .nestingTooDeep(limits.maxDepth) }
                var items: [RESPValue] = []
                // Reserve only what a modest header could justify; the rest grows as bytes arrive.
                items.reserveCapacity(min(Int(count), 1024))
                stack.append((Int(count), items))
                continue
            default:
                throw .invalidType(type)
            }
        }
    }

    /// The type byte and the range of the rest of a CRLF-terminated line, consumed.
    private mutating func readLine() throws(RESPError) -> (UInt8, Range<Int>)? {
        guard readIndex < buffer.count else { return nil }
        // Refuse a bad type byte at once rather than after its line (which may never end).
        switch buffer[readIndex] {
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: "$"), UInt8(ascii: "*"): break
        default: throw .invalidType(buffer[readIndex])
        }
        let start = readIndex + 1
        var i = start + lineScanned
        let end = buffer.count
        while i < end {
            if buffer[i] == 13 {
                guard i + 1 < end else {
                    lineScanned = i - start  // look at this CR again when its LF may be there
                    return nil
                }
                guard buffer[i + 1] == 10 else { throw .missingCRLF }
                let type = buffer[readIndex]
                readIndex = i + 2
                lineScanned = 0
                return (type, start..<i)
            }
            if buffer[i] == 10 { throw .missingCRLF }
            i += 1
            if i - start > limits.maxLineLength { throw .lineTooLong(limits.maxLineLength) }
        }
        if end - start > limits.maxLineLength { throw .lineTooLong(limits.maxLineLength) }
        lineScanned = end - start
        return nil
    }

    private func parseInteger(_ range: Range<Int>) throws(RESPError) -> Int64 {
        var i = range.lowerBound
        var negative = false
        if i < range.upperBound, buffer[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        guard i < range.upperBound, range.count <= 20 else { throw .invalidInteger }
        var value: Int64 = 0
        while i < range.upperBound {
            let digit = buffer[i] &- UInt8(ascii: "0")
            guard digit < 10 else { throw .invalidInteger }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = negative ? times10.subtractingReportingOverflow(Int64(digit))
                                     : times10.addingReportingOverflow(Int64(digit))
            guard !o1, !o2 else { throw .invalidInteger }
            value = sum
            i += 1
        }
        return value
    }

    private mutating func compactIfWorthwhile() {
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            readIndex = 0
        } else if readIndex > 65536 && readIndex * 2 > buffer.count {
            buffer.removeSubrange(0..<readIndex)
            readIndex = 0
        }
    }
}

/// What makes a byte stream not RESP. Any of these ends the stream.
public enum RESPError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalidType(UInt8)
    case invalidInteger
    case invalidLength(Int64)
    case bulkTooLong(Int64)
    case arrayTooLong(Int64)
    case nestingTooDeep(Int)
    case lineTooLong(Int)
    case missingCRLF

    public var description: String {
        switch self {
        case .invalidType(let b): return "Protocol error: unexpected type byte 0x\(String(b, radix: 16))"
        case .invalidInteger: return "Protocol error: invalid integer"
        case .invalidLength(let n): return "Protocol error: invalid length \(n)"
        case .bulkTooLong(let n): return "Protocol error: bulk length \(n) over the limit"
        case .arrayTooLong(let n): return "Protocol error: array length \(n) over the limit"
        case .nestingTooDeep(let d): return "Protocol error: arrays nested deeper than \(d)"
        case .lineTooLong(let n): return "Protocol error: line longer than \(n) bytes"
        case .missingCRLF: return "Protocol error: expected CRLF"
        }
    }
}

import Glibc

/// Splits a client's input into requests the way the real server does: a
/// request starting with '*' is a RESP multibulk, anything else is an inline
/// command line (so `echo PING | nc` works). The choice is made per request,
/// which is why this is not RESPDecoder: that one owns its buffer and cannot
/// hand back bytes of an inline line that follows a multibulk.
/// Error texts are Disque's (they end the connection).
struct RequestParser {
    enum Result {
        case request([[UInt8]])
        case incomplete
        /// An empty line or `*0`: nothing to run.
        case empty
        case protocolError(String)
    }

    static let maxInline = 64 * 1024
    static let maxMultibulk = 1024 * 1024
    static let maxBulk = 512 * 1024 * 1024

    private var multibulkRemaining = 0
    private var bulkLength = -1
    private var arguments: [[UInt8]] = []
    private var inMultibulk = false

    mutating func next(_ input: [UInt8], _ index: inout Int) -> Result {
        if !inMultibulk {
            guard index < input.count else { return .incomplete }
            if input[index] != UInt8(ascii: "*") { return inline(input, &index) }
        }
        return multibulk(input, &index)
    }

    private mutating func inline(_ input: [UInt8], _ index: inout Int) -> Result {
        guard let newline = Self.find(10, in: input, from: index) else {
            if input.count - index > Self.maxInline {
                return .protocolError("Protocol error: too big inline request")
            }
            return .incomplete
        }
        var end = newline
        if end > index && input[end - 1] == 13 { end -= 1 }
        let line = input[index..<end]
        index = newline + 1
        guard let words = Self.splitArguments(line) else {
            return .protocolError("Protocol error: unbalanced quotes in request")
        }
        return words.isEmpty ? .empty : .request(words)
    }

    private mutating func multibulk(_ input: [UInt8], _ index: inout Int) -> Result {
        if !inMultibulk {
            guard let cr = Self.find(13, in: input, from: index) else {
                if input.count - index > Self.maxInline {
                    return .protocolError("Protocol error: too big mbulk count string")
                }
                return .incomplete
            }
            guard cr + 1 < input.count else { return .incomplete }
            guard let count = Self.parseInteger(input[(index + 1)..<cr]), count <= Self.maxMultibulk else {
                return .protocolError("Protocol error: invalid multibulk length")
            }
            index = cr + 2
            if count <= 0 { return .empty }
            inMultibulk = true
            multibulkRemaining = count
            bulkLength = -1
            arguments = []
            arguments.reserveCapacity(min(count, 1024))
        }
        while multibulkRemaining > 0 {
            if bulkLength == -1 {
                guard let cr = Self.find(13, in: input, from: index) else {
                    if input.count - index > Self.maxInline {
                        return .protocolError("Protocol error: too big bulk count string")
                    }
                    return .incomplete
                }
                guard cr + 1 < input.count else { return .incomplete }
                guard input[index] == UInt8(ascii: "$") else {
                    let got = String(decoding: [input[index]], as: UTF8.self)
                    return .protocolError("Protocol error: expected '$', got '\(got)'")
                }
                guard let length = Self.parseInteger(input[(index + 1)..<cr]),
                      length >= 0, length <= Self.maxBulk else {
                    return .protocolError("Protocol error: invalid bulk length")
                }
                index = cr + 2
                bulkLength = length
            }
            guard input.count - index >= bulkLength + 2 else { return .incomplete }
            arguments.append(Array(input[index..<(index + bulkLength)]))
            index += bulkLength + 2
            bulkLength = -1
            multibulkRemaining -= 1
        }
        inMultibulk = false
        let request = arguments
        arguments = []
        return .request(request)
    }

    /// Index of the first `byte` at or after `from`, via memchr (pipelines are long).
    static func find(_ byte: UInt8, in input: [UInt8], from: Int) -> Int? {
        guard from < input.count else { return nil }
        return input.withUnsafeBufferPointer { buffer -> Int? in
            let base = buffer.baseAddress!
            guard let hit = memchr(base + from, Int32(byte), buffer.count - from) else { return nil }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// Strict decimal (like string2ll): optional '-', digits, no overflow.
    static func parseInteger(_ bytes: ArraySlice<UInt8>) -> Int? {
        var i = bytes.startIndex
        var negative = false
        if i < bytes.endIndex && bytes[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        guard i < bytes.endIndex, bytes.endIndex - i <= 19 else { return nil }
        var value = 0
        while i < bytes.endIndex {
            let digit = Int(bytes[i]) - 48
            guard digit >= 0 && digit <= 9 else { return nil }
            value = value * 10 + digit
            i += 1
        }
        return negative ? -value : value
    }

    private static func isSpace(_ c: UInt8) -> Bool {
        c == 32 || c == 9 || c == 10 || c == 11 || c == 12 || c == 13
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: return c - 48
        case 97...102: return c - 87
        case 65...70: return c - 55
        default: return nil
        }
    }

    /// Splits an inline line into words with the server's quoting rules:
    /// "double quotes" with \n \r \t \b \a \xHH escapes, 'single quotes' with \'.
    /// A closing quote must be followed by a space. Nil means unbalanced quotes.
    static func splitArguments(_ line: ArraySlice<UInt8>) -> [[UInt8]]? {
        var words: [[UInt8]] = []
        var i = line.startIndex
        let end = line.endIndex
        while true {
            while i < end && isSpace(line[i]) { i += 1 }
            if i == end { return words }
            var word: [UInt8] = []
            var inDouble = false, inSingle = false, done = false
            while !done {
                if inDouble {
                    guard i < end else { return nil }
                    let c = line[i]
                    if c == UInt8(ascii: "\\") && i + 3 < end && line[i + 1] == UInt8(ascii: "x"),
                       let high = hexValue(line[i + 2]), let low = hexValue(line[i + 3]) {
                        word.append(high << 4 | low)
                        i += 3
                    } else if c == UInt8(ascii: "\\") && i + 1 < end {
                        i += 1
                        switch line[i] {
                        case UInt8(ascii: "n"): word.append(10)
                        case UInt8(ascii: "r"): word.append(13)
                        case UInt8(ascii: "t"): word.append(9)
                        case UInt8(ascii: "b"): word.append(8)
                        case UInt8(ascii: "a"): word.append(7)
                        default: word.append(line[i])
                        }
                    } else if c == UInt8(ascii: "\"") {
                        if i + 1 < end && !isSpace(line[i + 1]) { return nil }
                        done = true
                    } else {
                        word.append(c)
                    }
                } else if inSingle {
                    guard i < end else { return nil }
                    let c = line[i]
                    if c == UInt8(ascii: "\\") && i + 1 < end && line[i + 1] == UInt8(ascii: "'") {
                        word.append(UInt8(ascii: "'"))
                        i += 1
                    } else if c == UInt8(ascii: "'") {
                        if i + 1 < end && !isSpace(line[i + 1]) { return nil }
                        done = true
                    } else {
                        word.append(c)
                    }
                } else {
                    if i == end { break }
                    let c = line[i]
                    if isSpace(c) {
                        done = true
                    } else if c == UInt8(ascii: "\"") {
                        inDouble = true
                    } else if c == UInt8(ascii: "'") {
                        inSingle = true
                    } else {
                        word.append(c)
                    }
                }
                if i < end { i += 1 }
            }
            words.append(word)
        }
    }
}

import Glibc
import RESP

/// Splits a client's input into requests the way the real server does: a
/// request starting with '*' is a RESP multibulk, anything else is an inline
/// command line (so `echo PING | nc` works). The choice is made per request,
/// which is why this is not RESPDecoder: that one owns its buffer and cannot
/// hand back bytes of an inline line that follows a multibulk.
/// Error texts are Disque's (they end the connection). Every number read is
/// checked like the server's string2ll (no overflow, no '+', no leading zero)
/// before the limits below apply, which are networking.c's.
/// Lines are found as the server's strchr() finds them: a NUL byte before the
/// line end hides it, so such a request waits until the 64 KB limit refuses it.
struct RequestParser {
    enum Result {
        case request([[UInt8]])
        case incomplete
        /// An empty line, a line of empty words or `*0`: nothing to run.
        case empty
        /// The error text after "ERR ", then a client byte quoted raw, then the rest.
        case protocolError(String, quoted: [UInt8] = [], String = "")
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
        guard let newline = Self.findInLine(10, in: input, from: index) else {
            if input.count - index > Self.maxInline {
                return .protocolError("Protocol error: too big inline request")
            }
            return .incomplete
        }
        var end = newline
        if end > index && input[end - 1] == 13 { end -= 1 }
        let line = input[index..<end]
        // The server always skips two bytes past the line's text, so after a
        // bare LF it also drops the next byte when that byte has arrived
        // (`QLEN q\nPING` runs "ING"). Clients use CR LF; we do as it does.
        index = end == newline ? min(input.count, newline + 2) : newline + 1
        guard var words = Self.splitArguments(line) else {
            return .protocolError("Protocol error: unbalanced quotes in request")
        }
        // The server drops empty words of an inline line: `PING ""` is PING.
        if words.contains(where: \.isEmpty) { words.removeAll(where: \.isEmpty) }
        return words.isEmpty ? .empty : .request(words)
    }

    private mutating func multibulk(_ input: [UInt8], _ index: inout Int) -> Result {
        if !inMultibulk {
            guard let cr = Self.findInLine(13, in: input, from: index) else {
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
                guard let cr = Self.findInLine(13, in: input, from: index) else {
                    if input.count - index > Self.maxInline {
                        return .protocolError("Protocol error: too big bulk count string")
                    }
                    return .incomplete
                }
                guard cr + 1 < input.count else { return .incomplete }
                guard input[index] == UInt8(ascii: "$") else {
                    return .protocolError("Protocol error: expected '$', got '", quoted: [input[index]], "'")
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
    static func find(_ byte: UInt8, in input: [UInt8], from: Int, to end: Int? = nil) -> Int? {
        let end = end ?? input.count
        guard from < end else { return nil }
        return input.withUnsafeBufferPointer { buffer -> Int? in
            let base = buffer.baseAddress!
            guard let hit = memchr(base + from, Int32(byte), end - from) else { return nil }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// Like `find`, but with C strchr()'s blind spot: nil when a NUL byte comes first.
    static func findInLine(_ byte: UInt8, in input: [UInt8], from: Int) -> Int? {
        guard let hit = find(byte, in: input, from: from) else { return nil }
        if find(0, in: input, from: from, to: hit) != nil { return nil }
        return hit
    }

    /// string2ll(), the rule for protocol lengths.
    static func parseInteger(_ bytes: ArraySlice<UInt8>) -> Int? {
        ServerNumbers.string2ll(bytes).map { Int($0) }
    }

    /// Splits an inline line into words with the server's quoting rules
    /// (sdssplitargs, shared with the CLI); nil means unbalanced quotes.
    static func splitArguments(_ line: ArraySlice<UInt8>) -> [[UInt8]]? {
        ArgumentSplitter.split(Array(line))
    }
}

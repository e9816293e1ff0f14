import Testing
import RESP

/// Hard limits and malformed input: each is a typed error, never a crash and
/// never an allocation sized by an untrusted header.
@Suite("RESP decoder limits and malformed input")
struct RESPDecoderLimitTests {
    @Test("a bulk header over 512 MiB is refused before any payload arrives")
    func bulkTooLong() throws {
        #expect(RESPDecoder.failure("$9999999999\r\n".wire) == .bulkTooLong(9_999_999_999))
        #expect(RESPDecoder.failure("$536870913\r\n".wire) == .bulkTooLong(536_870_913))
        // Inside an array too.
        #expect(RESPDecoder.failure("*2\r\n:1\r\n$9999999999\r\n".wire) == .bulkTooLong(9_999_999_999))
        // A lower configured limit is honoured.
        let small = RESPDecoder.Limits(maxBulkLength: 4)
        #expect(RESPDecoder.failure("$5\r\nabcde\r\n".wire, limits: small) == .bulkTooLong(5))
        #expect(try RESPDecoder.decodeAll("$4\r\nabcd\r\n".wire, limits: small) == [.bulk("abcd")])
    }

    @Test("a bulk of exactly 512 MiB is accepted and waits without buffering anything")
    func bulkAtLimitWaits() throws {
        var decoder = RESPDecoder()
        decoder.feed("$536870912\r\nabc".wire)
        #expect(try decoder.next() == nil)
        // Only the bytes that arrived are held.
        #expect(decoder.bufferedByteCount == 3)
        #expect(!decoder.isIdle)
    }

    @Test("a huge array count is refused or waits, never allocates up front")
    func hugeArrayCount() throws {
        #expect(RESPDecoder.failure("*9999999999999\r\n".wire) == .arrayTooLong(9_999_999_999_999))
        var decoder = RESPDecoder()
        decoder.feed("*4294967295\r\n:1\r\n".wire)
        #expect(try decoder.next() == nil)
        #expect(decoder.bufferedByteCount == 0)
        let small = RESPDecoder.Limits(maxArrayCount: 2)
        #expect(RESPDecoder.failure("*3\r\n".wire, limits: small) == .arrayTooLong(3))
    }

    @Test("nesting deeper than the limit is an error; at the limit it decodes")
    func nesting() throws {
        let limit = RESPDecoder.Limits.default.maxDepth
        func nested(_ depth: Int) -> [UInt8] {
            String(repeating: "*1\r\n", count: depth).wire + ":7\r\n".wire
        }
        var expected = RESPValue.integer(7)
        for _ in 0..<limit { expected = .array([expected]) }
        #expect(try RESPDecoder.decodeAll(nested(limit)) == [expected])
        #expect(RESPDecoder.failure(nested(limit + 1)) == .nestingTooDeep(limit))
        // Very deep input fails fast without recursion.
        #expect(RESPDecoder.failure(String(repeating: "*1\r\n", count: 100_000).wire) == .nestingTooDeep(limit))
        let shallow = RESPDecoder.Limits(maxDepth: 2)
        #expect(RESPDecoder.failure(nested(3), limits: shallow) == .nestingTooDeep(2))
    }

    @Test("lines longer than the limit are an error, complete or not")
    func lineTooLong() throws {
        let max = RESPDecoder.Limits.default.maxLineLength
        let atLimit: [UInt8] = "+".wire + Array(repeating: 65, count: max) + "\r\n".wire
        #expect(try RESPDecoder.decodeAll(atLimit) == [.status(String(repeating: "A", count: max))])
        let over: [UInt8] = "+".wire + Array(repeating: 65, count: max + 1) + "\r\n".wire
        #expect(RESPDecoder.failure(over) == .lineTooLong(max))
        // Without a CRLF in sight the decoder gives up rather than buffering forever.
        let endless: [UInt8] = "-".wire + Array(repeating: 66, count: max + 10)
        #expect(RESPDecoder.failure(endless) == .lineTooLong(max))
        let small = RESPDecoder.Limits(maxLineLength: 3)
        #expect(RESPDecoder.failure(":12345\r\n".wire, limits: small) == .lineTooLong(3))
    }

    @Test("unknown type bytes are refused", arguments: ["!x\r\n", "%1\r\n", "~1\r\n", "hello\r\n", "\r\n", "\n", " +OK\r\n"])
    func badType(_ text: String) {
        #expect(RESPDecoder.failure(text.wire) == .invalidType(text.utf8.first!), "\(text.debugDescription)")
    }

    @Test("a bad type byte is refused at once, without waiting for a line end")
    func badTypeWithoutLine() {
        #expect(RESPDecoder.failure("H".wire) == .invalidType(UInt8(ascii: "H")))
        // Also as the next element of a partly read array.
        #expect(RESPDecoder.failure("*2\r\n:1\r\nX".wire) == .invalidType(UInt8(ascii: "X")))
    }

    @Test("bad integers are refused", arguments: [
        ":\r\n", ":-\r\n", ":+1\r\n", ": 1\r\n", ":1 \r\n", ":1.5\r\n", ":0x10\r\n", ":abc\r\n",
        ":9223372036854775808\r\n", ":-9223372036854775809\r\n", ":123456789012345678901\r\n",
        "$\r\n", "$x\r\n", "*\r\n", "*1a\r\n", "$--1\r\n",
    ])
    func badIntegers(_ text: String) {
        #expect(RESPDecoder.failure(text.wire) == .invalidInteger, "\(text.debugDescription)")
    }

    @Test("integer extremes decode exactly")
    func integerExtremes() throws {
        #expect(try RESPDecoder.decodeAll(":9223372036854775807\r\n:-9223372036854775808\r\n:-0\r\n".wire) ==
                [.integer(.max), .integer(.min), .integer(0)])
    }

    @Test("negative lengths other than -1 are refused", arguments: ["$-2\r\n", "*-2\r\n", "$-100\r\n", "*-9223372036854775808\r\n"])
    func negativeLengths(_ text: String) {
        guard case .invalidLength(let n)? = RESPDecoder.failure(text.wire) else {
            Issue.record("no invalidLength for \(text.debugDescription)")
            return
        }
        #expect(n < -1)
    }

    @Test("-1 lengths are the two nulls, also inside arrays")
    func nulls() throws {
        #expect(try RESPDecoder.decodeAll("$-1\r\n*-1\r\n*2\r\n$-1\r\n*-1\r\n".wire) ==
                [.nullBulk, .nullArray, .array([.nullBulk, .nullArray])])
    }

    @Test("missing or broken CRLF is refused", arguments: [
        "+OK\n", "+OK\rX", ":1\n", "$3\r\nabcXY", "$3\r\nabc\n\r", "$3\r\nabcd\r\n", "$0\r\nX\r\n", "*1\n:1\r\n",
    ])
    func missingCRLF(_ text: String) {
        #expect(RESPDecoder.failure(text.wire) == .missingCRLF, "\(text.debugDescription)")
    }

    @Test("a lone CR at the end waits for the next byte")
    func crAtEnd() throws {
        var decoder = RESPDecoder()
        decoder.feed("+OK\r".wire)
        #expect(try decoder.next() == nil)
        decoder.feed("\n".wire)
        #expect(try decoder.next() == .status("OK"))
    }

    @Test("errors describe themselves")
    func descriptions() {
        #expect(RESPError.bulkTooLong(9_999_999_999).description.contains("9999999999"))
        #expect(RESPError.invalidType(0x21).description.contains("0x21"))
        #expect(RESPError.missingCRLF.description.contains("CRLF"))
    }

    @Test("random garbage never crashes the decoder")
    func randomGarbage() {
        var rng = SeededGenerator(seed: 42)
        // Bytes biased towards RESP's own alphabet so the decoder gets deep into its states.
        let alphabet: [UInt8] = Array("+-:$*\r\n0123456789-1".utf8) + [0, 255, 65]
        let limits = RESPDecoder.Limits(maxBulkLength: 1 << 20, maxArrayCount: 1 << 16, maxDepth: 8, maxLineLength: 64)
        var outcomes = (values: 0, errors: 0)
        for _ in 0..<3000 {
            var decoder = RESPDecoder(limits: limits)
            let length = Int.random(in: 0...200, using: &rng)
            let biased = Bool.random(using: &rng)
            var remaining = (0..<length).map { _ in
                biased ? alphabet.randomElement(using: &rng)! : UInt8.random(in: 0...255, using: &rng)
            }[...]
            do {
                while !remaining.isEmpty {
                    let take = Int.random(in: 1...16, using: &rng)
                    decoder.feed(remaining.prefix(take))
                    remaining = remaining.dropFirst(take)
                    while try decoder.next() != nil { outcomes.values += 1 }
                }
            } catch {
                outcomes.errors += 1
            }
        }
        // Both paths were exercised: the loop is not trivially rejecting everything.
        #expect(outcomes.values > 0)
        #expect(outcomes.errors > 0)
    }

    @Test("valid streams with one corrupted byte either decode or fail cleanly")
    func corruptedStreams() throws {
        var stream: [UInt8] = []
        var ends: [Int] = []  // where each original value's encoding ends
        let originals = sampleValues.filter { ($0.bytes?.count ?? 0) < 1000 }
        for value in originals {
            RESPEncoder.encode(value, into: &stream)
            ends.append(stream.count)
        }
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<500 {
            var corrupted = stream
            let index = Int.random(in: 0..<corrupted.count, using: &rng)
            corrupted[index] = UInt8.random(in: 0...255, using: &rng)
            let whole = Self.outcome(corrupted, chunk: corrupted.count)
            let chunked = Self.outcome(corrupted, chunk: Int.random(in: 1...64, using: &rng))
            let bytewise = Self.outcome(corrupted, chunk: 1)
            // The same bytes give the same values and the same error, however they arrive.
            #expect(whole.values == chunked.values && whole.error == chunked.error, "byte \(index)")
            #expect(whole.values == bytewise.values && whole.error == bytewise.error, "byte \(index)")
            // Everything encoded wholly before the damaged byte decodes as it was sent.
            let intact = ends.filter { $0 <= index }.count
            #expect(whole.values.count >= intact, "byte \(index)")
            #expect(Array(whole.values.prefix(intact)) == Array(originals.prefix(intact)), "byte \(index)")
        }
    }

    /// The values decoded from `bytes` fed `chunk` bytes at a time, and the error that stopped it.
    static func outcome(_ bytes: [UInt8], chunk: Int) -> (values: [RESPValue], error: RESPError?) {
        var decoder = RESPDecoder()
        var values: [RESPValue] = []
        var offset = 0
        do {
            while offset < bytes.count {
                let end = min(bytes.count, offset + chunk)
                decoder.feed(bytes[offset..<end])
                offset = end
                while let value = try decoder.next() { values.append(value) }
            }
            return (values, nil)
        } catch {
            return (values, error)
        }
    }
}

import Testing
import RESP

/// Encoding then decoding gives back the same value, however the bytes arrive.
@Suite("RESP round trips")
struct RESPRoundTripTests {
    @Test("every value kind survives encode → decode", arguments: sampleValues)
    func roundTrip(_ value: RESPValue) throws {
        let bytes = RESPEncoder.encode(value)
        #expect(try RESPDecoder.decodeAll(bytes) == [value])
    }

    @Test("values decode identically when fed one byte at a time")
    func oneByteAtATime() throws {
        var stream: [UInt8] = []
        for value in sampleValues { RESPEncoder.encode(value, into: &stream) }
        #expect(try RESPDecoder.decodeChunked(stream, chunkSizes: [1]) == sampleValues)
    }

    @Test("values decode identically under random chunkings")
    func randomChunkings() throws {
        var stream: [UInt8] = []
        for value in sampleValues { RESPEncoder.encode(value, into: &stream) }
        var rng = SeededGenerator(seed: 0xD15C_0E)
        for _ in 0..<50 {
            let sizes = (0..<16).map { _ in Int.random(in: 1...300, using: &rng) }
            #expect(try RESPDecoder.decodeChunked(stream, chunkSizes: sizes) == sampleValues, "chunk sizes \(sizes)")
        }
    }

    @Test("a value is not returned before its last byte arrives")
    func incompleteUntilLastByte() throws {
        let value = RESPValue.array([.bulk("abc"), .integer(42), .array([.status("x")])])
        let bytes = RESPEncoder.encode(value)
        var decoder = RESPDecoder()
        for byte in bytes.dropLast() {
            decoder.feed([byte])
            #expect(try decoder.next() == nil)
            #expect(!decoder.isIdle)
        }
        decoder.feed([bytes.last!])
        #expect(try decoder.next() == value)
        #expect(decoder.isIdle)
        #expect(try decoder.next() == nil)
    }

    @Test("commands encode as arrays of bulk strings, byte-exact")
    func commandEncoding() throws {
        #expect(RESPEncoder.command(["ADDJOB", "q", "hi", "0"]) ==
                "*4\r\n$6\r\nADDJOB\r\n$1\r\nq\r\n$2\r\nhi\r\n$1\r\n0\r\n".wire)
        #expect(RESPEncoder.command([]) == "*0\r\n".wire)
        var out: [UInt8] = []
        RESPEncoder.encodeCommand([[0, 13, 10], []] as [[UInt8]], into: &out)
        #expect(out == [UInt8]("*2\r\n$3\r\n".wire) + [0, 13, 10] + "\r\n$0\r\n\r\n".wire)
        // A command decodes as the array of bulks it is.
        #expect(try RESPDecoder.decodeAll(out) == [.array([.bulk([0, 13, 10]), .bulk([])])])
    }

    @Test("binary bulk bodies keep CR, LF, NUL and high bytes")
    func binaryBodies() throws {
        let body: [UInt8] = Array(0...255) + [13, 10, 13, 10, 0]
        let wire: [UInt8] = "$\(body.count)\r\n".wire + body + "\r\n".wire
        #expect(try RESPDecoder.decodeAll(wire) == [.bulk(body)])
        #expect(try RESPDecoder.decodeChunked(wire, chunkSizes: [1]) == [.bulk(body)])
        // A body that looks like RESP is still just bytes.
        let lookalike = "*1\r\n$-1\r\n+OK\r\n".wire
        #expect(try RESPDecoder.decodeAll(RESPEncoder.encode(.bulk(lookalike))) == [.bulk(lookalike)])
    }

    @Test("status and error lines never carry CR or LF onto the wire")
    func statusLineSanitised() throws {
        let bytes = RESPEncoder.encode(.status("a\r\nb"))
        #expect(bytes == "+a  b\r\n".wire)
        #expect(try RESPDecoder.decodeAll(RESPEncoder.encode(.error("E\nx"))) == [.error("E x")])
    }

    @Test("decimal encoding of extreme integers")
    func decimals() {
        for number: Int64 in [0, 7, -7, 10, 1_000_000, Int64.max, Int64.min] {
            var out: [UInt8] = []
            RESPEncoder.appendDecimal(number, into: &out)
            #expect(String(decoding: out, as: UTF8.self) == String(number))
        }
    }

    @Test("the value helpers read Disque's reply kinds")
    func helpers() {
        #expect(RESPValue.status("D-1").string == "D-1")
        #expect(RESPValue.bulk("7711").int == 7711)
        #expect(RESPValue.status("12").int == 12)
        #expect(RESPValue.bulk("x").int == nil)
        #expect(RESPValue.nullBulk.isNull && RESPValue.nullArray.isNull)
        #expect(!RESPValue.array([]).isNull)
        #expect(RESPValue.nullArray.array == nil)
        #expect(RESPValue.error("ERR x").isError)
        #expect(RESPValue.integer(3).string == nil)
        #expect(RESPValue.bulk([0xFF]).bytes == [0xFF])
    }

    @Test("the decoder keeps working across many values and compacts its buffer")
    func longStream() throws {
        var decoder = RESPDecoder()
        let one = RESPEncoder.encode(.array([.bulk(Array(repeating: 65, count: 1000)), .integer(1)]))
        var seen = 0
        for _ in 0..<500 {
            decoder.feed(one + one)
            while let value = try decoder.next() {
                #expect(value.array?.count == 2)
                seen += 1
            }
        }
        #expect(seen == 1000)
        #expect(decoder.bufferedByteCount == 0)
        #expect(decoder.isIdle)
    }
}

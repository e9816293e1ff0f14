import RESP

/// A small deterministic generator (SplitMix64) so random tests replay the
/// same inputs on every run and a failure can be reproduced from its seed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension RESPDecoder {
    /// Every complete value in `bytes`, fed all at once.
    static func decodeAll(_ bytes: [UInt8], limits: Limits = .default) throws(RESPError) -> [RESPValue] {
        var decoder = RESPDecoder(limits: limits)
        decoder.feed(bytes)
        var values: [RESPValue] = []
        while let value = try decoder.next() { values.append(value) }
        return values
    }

    /// Every complete value in `bytes`, fed in the given chunk sizes (cycled),
    /// draining after each chunk as a socket reader would.
    static func decodeChunked(_ bytes: [UInt8], chunkSizes: [Int]) throws(RESPError) -> [RESPValue] {
        var decoder = RESPDecoder()
        var values: [RESPValue] = []
        var offset = 0
        var chunk = 0
        while offset < bytes.count {
            let size = max(1, chunkSizes[chunk % chunkSizes.count])
            let end = min(bytes.count, offset + size)
            decoder.feed(bytes[offset..<end])
            offset = end
            chunk += 1
            while let value = try decoder.next() { values.append(value) }
        }
        return values
    }

    /// The error `bytes` make the decoder throw, or nil when they decode (or stay incomplete).
    static func failure(_ bytes: [UInt8], limits: Limits = .default) -> RESPError? {
        do {
            _ = try decodeAll(bytes, limits: limits)
            return nil
        } catch {
            return error
        }
    }
}

extension Array where Element == UInt8 {
    /// Wire bytes from text: lets tests write `"$3\r\nabc\r\n".wire`.
    init(wire text: String) { self = Array(text.utf8) }
}

extension String {
    var wire: [UInt8] { Array(utf8) }
}

/// One value of every kind, nested, with binary-hostile bulk bodies.
let sampleValues: [RESPValue] = [
    .status("OK"),
    .status(""),
    .status("D-dcb833cf-8YL1NT17e9+wsA/09NqxscQI-05a1"),
    .error("ERR unknown command 'FOO'"),
    .error("NOREPL Not enough reachable nodes for the requested replication level"),
    .integer(0),
    .integer(1),
    .integer(-1),
    .integer(Int64.max),
    .integer(Int64.min),
    .bulk([]),
    .bulk("hello"),
    .bulk([13, 10, 0, 13, 10, 255, 0x24, 0x2A]),
    .bulk("\r\n"),
    .bulk(Array(repeating: 0, count: 70_000)),
    .nullBulk,
    .nullArray,
    .array([]),
    .array([.bulk("q"), .bulk("D-1"), .bulk([0, 13, 10])]),
    .array([.array([]), .nullArray, .nullBulk, .array([.integer(5), .array([.status("deep")])])]),
    .array([.integer(1), .bulk("node"), .array([.bulk("id"), .bulk(""), .bulk("7711"), .bulk("1")])]),
]

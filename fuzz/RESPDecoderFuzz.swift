// libFuzzer harness for RESPDecoder (fuzz/build.sh, fuzz/run.sh).
// Checks, for the default limits and for tiny ones (so every limit is hit):
// - feeding the input whole, in pseudo-random chunks (both feed overloads) and
//   byte by byte gives the same values, the same error and the same final state;
// - every decoded value re-encodes to bytes that decode back to an equal value,
//   and encoding that again gives the same bytes.
import RESP

private struct Outcome: Equatable {
    var values: [RESPValue] = []
    var error: RESPError?
    var buffered = 0
    var idle = true
}

private let tiny = RESPDecoder.Limits(maxBulkLength: 16, maxArrayCount: 8, maxDepth: 3, maxLineLength: 24)
/// For re-decoding: a status line that held bytes not UTF-8 grows when repaired.
private let roomy = RESPDecoder.Limits(maxLineLength: Int.max / 4)

/// Feeds `bytes` cut at `cuts` (ascending offsets), taking values out after each feed.
private func decode(_ bytes: [UInt8], limits: RESPDecoder.Limits, cuts: [Int], raw: Bool = false) -> Outcome {
    var decoder = RESPDecoder(limits: limits)
    var outcome = Outcome()
    var start = 0
    for end in cuts + [bytes.count] where end >= start {
        if raw {
            bytes[start..<end].withUnsafeBytes { decoder.feed($0) }
        } else {
            decoder.feed(bytes[start..<end])
        }
        start = end
        do {
            while let value = try decoder.next() { outcome.values.append(value) }
        } catch {
            outcome.error = error
            return outcome
        }
    }
    outcome.buffered = decoder.bufferedByteCount
    outcome.idle = decoder.isIdle
    return outcome
}

private func fail(_ what: String, _ bytes: [UInt8]) -> Never {
    fatalError("RESPDecoderFuzz: \(what) for \(bytes.count) bytes: \(bytes.prefix(200))")
}

private func check(_ bytes: [UInt8], limits: RESPDecoder.Limits) {
    let whole = decode(bytes, limits: limits, cuts: [])
    var seed: UInt64 = 0xCBF2_9CE4_8422_2325
    for b in bytes { seed = (seed ^ UInt64(b)) &* 0x100_0000_01B3 }
    var random = SplitMix(state: seed)
    for round in 0..<4 {
        var cuts: [Int] = []
        var at = 0
        while at < bytes.count {
            at += 1 + Int(random.next() % UInt64(round == 0 ? 4 : 24))
            if at < bytes.count { cuts.append(at) }
        }
        if decode(bytes, limits: limits, cuts: cuts, raw: round % 2 == 1) != whole {
            fail("chunked feeding (cuts \(cuts)) differs from whole", bytes)
        }
    }
    if bytes.count > 1 {
        let split = decode(bytes, limits: limits, cuts: [Int(random.next() % UInt64(bytes.count))])
        if split != whole { fail("two-part feeding differs from whole", bytes) }
    }
    if decode(bytes, limits: limits, cuts: Array(0..<bytes.count)) != whole {
        fail("byte-by-byte feeding differs from whole", bytes)
    }
    for value in whole.values {
        let encoded = RESPEncoder.encode(value)
        var decoder = RESPDecoder(limits: roomy)
        decoder.feed(encoded)
        let again: RESPValue?
        do { again = try decoder.next() } catch { fail("re-encoded value does not decode: \(error)", bytes) }
        guard let again, again == value, decoder.isIdle else { fail("re-encoded value decodes differently", bytes) }
        if RESPEncoder.encode(again) != encoded { fail("encoding is not stable", bytes) }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    check(bytes, limits: .default)
    check(bytes, limits: tiny)
    return 0
}

// libFuzzer harness for MiniDisque's RequestParser (internal: MiniDisque is
// built with -enable-testing). Drives it as EventLoop.process does — one
// growing input buffer, next() until .incomplete, compactInput()'s rule — and
// checks that the same bytes arriving whole, split in two at many points, in
// random chunks and byte by byte give the same requests, empties and error.
//
// One split is exempt, on purpose: after an inline line ended by a bare LF the
// real server skips one more byte if it has arrived (`QLEN q\nPING` runs
// "ING"), so a read that ends right after that LF changes what follows. Runs
// where a cut falls there are not compared (ProtocolTests.bareLineFeed pins
// the behaviour). Inputs stay far below the 64 KB inline limit, whose "too
// big" errors depend on read sizes on the real server too.
// Each request also round-trips: re-encoded as a multibulk, and (when it has
// no empty word) as an inline line of double-quoted words, it parses back the same.
@testable import MiniDisque
import RESP

/// ByteEscaping.appendQuoted's rules (redis-cli's and sdscatrepr's).
private func quoted(_ bytes: [UInt8]) -> [UInt8] {
    let hex = Array("0123456789abcdef".utf8)
    var out: [UInt8] = [0x22]
    for byte in bytes {
        switch byte {
        case 0x5C, 0x22: out += [0x5C, byte]
        case 0x0A: out += [0x5C, UInt8(ascii: "n")]
        case 0x0D: out += [0x5C, UInt8(ascii: "r")]
        case 0x20...0x7E: out.append(byte)
        default: out += [0x5C, UInt8(ascii: "x"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
        }
    }
    return out + [0x22]
}

private enum Outcome: Equatable {
    case request([[UInt8]])
    case empty
    case error(String, [UInt8], String)
}

private struct Run: Equatable {
    var outcomes: [Outcome] = []
    /// A cut fell right after a bare-LF inline line: not comparable.
    var bareLFCut = false
    static func == (a: Run, b: Run) -> Bool { a.outcomes == b.outcomes }
}

private func parse(_ bytes: [UInt8], cuts: [Int]) -> Run {
    var parser = RequestParser()
    var input: [UInt8] = []
    var index = 0
    var run = Run()
    var start = 0
    var inline: Bool?  // the kind of the request being read, fixed by its first byte
    for end in cuts + [bytes.count] where end >= start {
        input.append(contentsOf: bytes[start..<end])
        start = end
        while true {
            let lineStart = index
            if inline == nil, index < input.count { inline = input[index] != UInt8(ascii: "*") }
            let result = parser.next(input, &index)
            precondition(index >= lineStart && index <= input.count, "index out of the buffer")
            switch result {
            case .incomplete:
                // ClientConnection.compactInput
                if index == input.count {
                    input.removeAll(keepingCapacity: true); index = 0
                } else if index > 0 && index * 2 > input.count {
                    input.removeFirst(index); index = 0
                }
            case .empty:
                run.outcomes.append(.empty)
            case .request(let words):
                precondition(!words.isEmpty, "a request without words")
                if inline == true { precondition(!words.contains(where: \.isEmpty), "an empty inline word") }
                run.outcomes.append(.request(words))
            case .protocolError(let message, let quoted, let suffix):
                run.outcomes.append(.error(message, quoted, suffix))
                return run
            }
            if case .incomplete = result { break }
            if inline == true, end < bytes.count, index == input.count, index > lineStart,
               input[index - 1] == 10, !(index - 2 >= lineStart && input[index - 2] == 13) {
                run.bareLFCut = true
            }
            inline = nil
        }
    }
    return run
}

private func fail(_ what: String, _ bytes: [UInt8], _ a: Run, _ b: Run) -> Never {
    fatalError("RequestParserFuzz: \(what) for \(bytes.count) bytes \(bytes.prefix(200)):\n whole \(a.outcomes)\n split \(b.outcomes)")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    let whole = parse(bytes, cuts: [])
    precondition(!whole.bareLFCut)
    func compare(_ cuts: [Int], _ what: String) {
        let run = parse(bytes, cuts: cuts)
        if !run.bareLFCut && run != whole { fail("\(what) (cuts \(cuts.prefix(40))) differs from whole", bytes, whole, run) }
    }
    var seed: UInt64 = 0xCBF2_9CE4_8422_2325
    for b in bytes { seed = (seed ^ UInt64(b)) &* 0x100_0000_01B3 }
    var random = SplitMix(state: seed)
    if bytes.count <= 96 {
        for cut in 1..<max(1, bytes.count) { compare([cut], "split in two") }
    } else {
        for _ in 0..<32 { compare([1 + Int(random.next() % UInt64(bytes.count - 1))], "split in two") }
    }
    for round in 0..<3 {
        var cuts: [Int] = []
        var at = 0
        while at < bytes.count {
            at += 1 + Int(random.next() % UInt64(round == 0 ? 3 : 20))
            if at < bytes.count { cuts.append(at) }
        }
        compare(cuts, "chunked")
    }
    compare(Array(1..<max(1, bytes.count)), "byte by byte")
    for case .request(let words) in whole.outcomes {
        var multibulk: [UInt8] = []
        RESPEncoder.encodeCommand(words, into: &multibulk)
        let back = parse(multibulk, cuts: [])
        if back.outcomes != [.request(words)] { fail("re-encoded multibulk parses differently", multibulk, whole, back) }
        guard !words.contains(where: \.isEmpty) else { continue }
        var line: [UInt8] = []
        for word in words {
            if !line.isEmpty { line.append(0x20) }
            line += quoted(word)
        }
        line += [13, 10]
        let inline = parse(line, cuts: [])
        if inline.outcomes != [.request(words)] { fail("re-quoted inline line parses differently", line, whole, inline) }
    }
    return 0
}

// libFuzzer harness for ArgumentSplitter (the CLI's lines, MiniDisque's inline
// requests). Never a crash, and splitting is stable:
// - the words, each quoted as redis-cli shows strings (ByteEscaping.appendQuoted)
//   or left bare when plain (Completer.quotedIfNeeded), joined by
//   blanks, split back to the same words;
// - blanks added before or after a line change nothing, valid or not;
// - the String overload agrees with the bytes one on valid UTF-8.
import RESP

/// The output styles' quoting: `ByteEscaping.swift` is compiled into this
/// harness as is (fuzz/build.sh), so the rule tested is the one the CLI uses.
private func quoted(_ bytes: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    ByteEscaping.appendQuoted(bytes, into: &out)
    return out
}

/// Single quotes hold anything but a `'` (written `\'`), as long as no `\`
/// comes right before a quote — the one thing sdssplitargs cannot express.
private func singleQuoted(_ bytes: [UInt8]) -> [UInt8]? {
    var out: [UInt8] = [0x27]
    for (i, byte) in bytes.enumerated() {
        if byte == 0x5C, i + 1 == bytes.count || bytes[i + 1] == 0x27 { return nil }
        if byte == 0x27 { out.append(0x5C) }
        out.append(byte)
    }
    out.append(0x27)
    return out
}

private func joined(_ words: [[UInt8]], _ quote: ([UInt8]) -> [UInt8]?) -> [UInt8]? {
    var line: [UInt8] = []
    for word in words {
        guard let q = quote(word) else { return nil }
        if !line.isEmpty { line.append(0x20) }
        line += q
    }
    return line
}

private func fail(_ what: String, _ bytes: [UInt8]) -> Never {
    fatalError("ArgumentSplitterFuzz: \(what) for \(bytes.count) bytes: \(bytes.prefix(200))")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let line = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    let words = ArgumentSplitter.split(line)
    if ArgumentSplitter.split(line + [0x20]) != words { fail("a trailing blank changes the split", line) }
    if ArgumentSplitter.split([0x09] + line) != words { fail("a leading blank changes the split", line) }
    if let text = String(validating: line, as: UTF8.self), ArgumentSplitter.split(text) != words {
        fail("split(String) differs from split(bytes)", line)
    }
    guard let words else { return 0 }
    let quotings: [(String, ([UInt8]) -> [UInt8]?)] = [
        ("double-quoted", quoted),
        ("quoted if needed", { ByteEscaping.isPlainWord($0) ? $0 : quoted($0) }),
        ("single-quoted", singleQuoted),
    ]
    for (name, quote) in quotings {
        guard let again = joined(words, quote) else { continue }
        if ArgumentSplitter.split(again) != words { fail("\(name) words split differently", line) }
    }
    return 0
}

import Disque
import RESP

/// `--echo`: the wire in a readable form on stderr, one line per command sent
/// (`> ADDJOB q "hello world" 0`) and per reply received (`< +D-…`).
///
/// Commands: words plain when they are plain, otherwise quoted with the shell's
/// escapes (so a line can be pasted back). Replies: `+status`, `-error`,
/// `:integer`, `"bulk"`, `$-1`, `*-1`, arrays as `[a, b]`.
public enum EchoTrace {
    /// The echo hook for a connection: writes each event to stderr at once.
    public static let hook: @Sendable (EchoEvent) -> Void = { event in
        FileOutput.standardError.write(line(for: event))
    }

    /// One event as a line, newline included.
    public static func line(for event: EchoEvent) -> [UInt8] {
        var out: [UInt8] = []
        switch event {
        case .sent(let arguments):
            out.append(contentsOf: [0x3E, 0x20])
            appendCommand(arguments, into: &out)
        case .received(let reply):
            out.append(contentsOf: [0x3C, 0x20])
            appendReply(reply, into: &out)
        }
        out.append(10)
        return out
    }

    static func appendCommand(_ arguments: [[UInt8]], into out: inout [UInt8]) {
        // Events from the connection come masked (`EchoEvent.sending`); an
        // event made any other way is masked here, so no password is ever shown.
        for (index, argument) in EchoEvent.maskingPassword(arguments).enumerated() {
            if index > 0 { out.append(0x20) }
            if ByteEscaping.isPlainWord(argument) {
                out.append(contentsOf: argument)
            } else {
                ByteEscaping.appendQuoted(argument, into: &out)
            }
        }
    }

    static func appendReply(_ reply: RESPValue, into out: inout [UInt8]) {
        switch reply {
        case .status(let text):
            out.append(0x2B)
            out.append(contentsOf: text.utf8)
        case .error(let text):
            out.append(0x2D)
            out.append(contentsOf: text.utf8)
        case .integer(let number):
            out.append(0x3A)
            RESPEncoder.appendDecimal(number, into: &out)
        case .bulk(let bytes):
            ByteEscaping.appendQuoted(bytes, into: &out)
        case .nullBulk:
            out.append(contentsOf: Array("$-1".utf8))
        case .nullArray:
            out.append(contentsOf: Array("*-1".utf8))
        case .array(let items):
            out.append(0x5B)
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(contentsOf: [0x2C, 0x20]) }
                appendReply(item, into: &out)
            }
            out.append(0x5D)
        }
    }
}

/// Writes RESP onto a byte buffer. Commands go out as arrays of bulk strings;
/// replies (for a server) in whatever kind they are.
public enum RESPEncoder {
    /// Appends one command, `*N\r\n$len\r\narg\r\n…`, to `buffer`.
    /// Inlinable so callers in other modules get it specialised for their
    /// argument type: this runs once per command on every path.
    @inlinable
    public static func encodeCommand<Arg: Collection>(_ arguments: [Arg], into buffer: inout [UInt8])
    where Arg.Element == UInt8 {
        appendHeader(UInt8(ascii: "*"), Int64(arguments.count), into: &buffer)
        for argument in arguments {
            appendHeader(UInt8(ascii: "$"), Int64(argument.count), into: &buffer)
            buffer.append(contentsOf: argument)
            buffer.append(13)
            buffer.append(10)
        }
    }

    /// Appends one command given as text arguments (their UTF-8 bytes, uncopied).
    @inlinable
    public static func encodeCommand(_ arguments: [String], into buffer: inout [UInt8]) {
        encodeCommand(arguments.map(\.utf8), into: &buffer)
    }

    /// One command as a fresh buffer.
    public static func command(_ arguments: [String]) -> [UInt8] {
        var out: [UInt8] = []
        encodeCommand(arguments, into: &out)
        return out
    }

    /// Appends a reply value. Status and error text must not contain CR or LF;
    /// those bytes are replaced by spaces so the stream can never be broken.
    public static func encode(_ value: RESPValue, into buffer: inout [UInt8]) {
        switch value {
        case .status(let s):
            buffer.append(UInt8(ascii: "+"))
            appendLine(s, into: &buffer)
        case .error(let s):
            buffer.append(UInt8(ascii: "-"))
            appendLine(s, into: &buffer)
        case .integer(let i):
            appendHeader(UInt8(ascii: ":"), i, into: &buffer)
        case .bulk(let b):
            appendHeader(UInt8(ascii: "$"), Int64(b.count), into: &buffer)
            buffer.append(contentsOf: b)
            buffer.append(13)
            buffer.append(10)
        case .nullBulk:
            appendHeader(UInt8(ascii: "$"), -1, into: &buffer)
        case .array(let items):
            appendHeader(UInt8(ascii: "*"), Int64(items.count), into: &buffer)
            for item in items { encode(item, into: &buffer) }
        case .nullArray:
            appendHeader(UInt8(ascii: "*"), -1, into: &buffer)
        }
    }

    /// One reply as a fresh buffer.
    public static func encode(_ value: RESPValue) -> [UInt8] {
        var out: [UInt8] = []
        encode(value, into: &out)
        return out
    }

    /// `<type><decimal>\r\n`, without going through String for speed.
    @inlinable
    public static func appendHeader(_ type: UInt8, _ number: Int64, into buffer: inout [UInt8]) {
        buffer.append(type)
        appendDecimal(number, into: &buffer)
        buffer.append(13)
        buffer.append(10)
    }

    @inlinable
    public static func appendDecimal(_ number: Int64, into buffer: inout [UInt8]) {
        // Most headers (argument counts, short words) are one digit.
        if number >= 0 && number < 10 { buffer.append(UInt8(ascii: "0") + UInt8(number)); return }
        var magnitude = number.magnitude
        if number < 0 { buffer.append(UInt8(ascii: "-")) }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { raw in
            while magnitude > 0 {
                raw[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            }
            for i in stride(from: count - 1, through: 0, by: -1) { buffer.append(raw[i]) }
        }
    }

    private static func appendLine(_ text: String, into buffer: inout [UInt8]) {
        for byte in text.utf8 {
            buffer.append(byte == 13 || byte == 10 ? UInt8(ascii: " ") : byte)
        }
        buffer.append(13)
        buffer.append(10)
    }
}
